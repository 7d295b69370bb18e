#!/usr/bin/env node
// `npm test`: unit and integration tests (PGlite, and Postgres when TEST_DATABASE_URL is set), then a
// production build and the Playwright suite against it, then the container image (tests/container/).
// Every stage runs even if an earlier one failed, and the last line sums them up as "N passed, N
// failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { ensureBrowser } from "./find-browser.mjs";

// The tests build into a folder of their own, so that an app already serving `.next` (the Quick
// start's `npm run app` in another terminal) keeps serving the chunks it has: `next build` rewrites
// its output folder. next.config.ts reads NEXT_DIST_DIR; the contract and e2e servers inherit it.
process.env.NEXT_DIST_DIR ||= ".next-test";

// Not test-results/: Playwright empties that folder when it starts.
const results = ".test-reports";
mkdirSync(results, { recursive: true });
const vitestJson = `${results}/vitest.json`;
const contractJson = `${results}/contract.json`;
const e2eJson = `${results}/e2e.json`;
const containerJson = `${results}/container.json`;
for (const file of [vitestJson, contractJson, e2eJson, containerJson]) rmSync(file, { force: true });

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(" ")}`);
  const child = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return child.status === 0;
}

const failures = [];
if (!process.env.TEST_DATABASE_URL) {
  console.log("TEST_DATABASE_URL is not set: the integration suite runs on PGlite only.");
}
if (!run("typecheck", "npx", ["tsc", "--noEmit"])) failures.push("typecheck");
if (!run("unit + integration", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`])) {
  failures.push("vitest");
}
// The browser tests' Chromium (scripts/find-browser.mjs): found, or installed, or one line saying what to run.
process.env.CHROMIUM_PATH = ensureBrowser();
console.log(`Browser tests use ${process.env.CHROMIUM_PATH}`);
// `npm run build`: `next build`, then the server compiled to dist/server.js, which `npm start` runs.
if (!run("production build", "npm", ["run", "build"])) {
  failures.push("build");
} else {
  // HTTP contract tests against `npm start` (the production server), on PGlite and, when set, Postgres.
  const contract = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${contractJson}`];
  if (!run("contract", "npx", contract, { VITEST_CONTRACT: "1" })) failures.push("contract");
  if (!run("e2e", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eJson })) {
    failures.push("playwright");
  }
}

// The Dockerfile built and run by a Docker engine of the test's own (tests/container/): where one can
// be started (root, with Debian's docker.io and debootstrap, which .ci/run installs).
const canRunEngine = process.getuid?.() === 0 && ["docker", "dockerd", "debootstrap"].every((cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0);
if (!canRunEngine) {
  console.log("\n=== container: skipped (needs root, docker.io and debootstrap; .ci/run installs them)");
} else if (!run("container", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${containerJson}`], { VITEST_CONTAINER: "1" })) {
  failures.push("container");
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of [vitestJson, contractJson, containerJson]) {
  if (!existsSync(file)) continue;
  const v = JSON.parse(readFileSync(file, "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  skipped += v.numPendingTests + (v.numTodoTests ?? 0);
}
if (existsSync(e2eJson)) {
  const s = JSON.parse(readFileSync(e2eJson, "utf8")).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
}
if (failures.length) console.log(`\nFailed stages: ${failures.join(", ")}`);
// A stage that failed before reporting any test still fails the run.
if (failures.length && failed === 0) failed = failures.length;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failures.length ? 1 : 0);
