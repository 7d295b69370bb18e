// The real Dockerfile, built and run by a Docker engine of the test's own (issue 24). The FROM image
// is a stand-in built here (tests/support/container-base.ts): no image registry can be reached from
// the build machines. Runs in `npm test` when the engine can be started (root, docker.io and
// debootstrap installed: .ci/run installs them), on PGlite in a named volume and, when
// TEST_DATABASE_URL is set, on a fresh database of that Postgres server.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInForCookie } from "../support/dashboard-http";
import { freePort } from "../support/contract-server";
import { api } from "../support/management-api";
import { send } from "../support/contract-http";
import { BASE, ensureBaseImage } from "../support/container-base";
import { startEngine, type Engine } from "../support/container-engine";
import { provisionTestDatabase } from "../support/test-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const IMAGE = "service-accounts-admin:test";
const ADMIN = { email: "first-admin@example.test", password: "container test password 1" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let engine: Engine;
let manifest: Record<string, { filename?: string; exportedName?: string }>;

/** The machine's own extra CA certificates (Debian's local ones), for npm behind a TLS-intercepting proxy. */
function extraCaCerts(): string {
  const dir = "/usr/local/share/ca-certificates";
  let files: string[] = [];
  try {
    files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".crt"));
  } catch {
    return "";
  }
  return files.map((f) => readFileSync(path.join(dir, f), "utf8").trim()).join("\n");
}

beforeAll(async () => {
  engine = await startEngine();
  let t = Date.now();
  await ensureBaseImage(engine);
  console.info(`[container] stand-in ${BASE.image} (Node.js ${BASE.node.version}) ready in ${Math.round((Date.now() - t) / 1000)} s`);
  t = Date.now();
  const ca = extraCaCerts();
  engine.docker(["build", "--network", "host", ...(ca ? ["--build-arg", `EXTRA_CA_CERTS=${ca}`] : []), "-t", IMAGE, ROOT]);
  const size = Number(engine.docker(["image", "inspect", "--format", "{{.Size}}", IMAGE]).stdout.trim());
  console.info(`[container] built ${IMAGE} in ${Math.round((Date.now() - t) / 1000)} s; image size ${(size / 1e6).toFixed(0)} MB`);
  const json = engine.docker(["run", "--rm", "--network", "host", "--entrypoint", "cat", IMAGE, ".next/server/server-reference-manifest.json"]).stdout;
  manifest = (JSON.parse(json) as { node: typeof manifest }).node;
});
afterAll(async () => {
  await engine?.stop();
});

it("the image holds only what runs: no tests, sources, caches, build tools or extra CA certificate", () => {
  const listing = engine.docker(["run", "--rm", "--network", "host", "--entrypoint", "sh", IMAGE, "-c", "ls -a /app /app/.next /app/node_modules /app/node_modules/@next"], { allowFailure: true }).stdout;
  const names = listing.split(/\s+/);
  expect(names).toContain("dist");
  for (const absent of ["tests", "e2e", "bench", "docs", "server.ts", "cache", ".bin", "tsx", "esbuild", "playwright", "vitest", "typescript", "swc-linux-x64-gnu"]) expect(names).not.toContain(absent);
  const env = engine.docker(["image", "inspect", "--format", "{{json .Config.Env}}", IMAGE]).stdout;
  expect(env).not.toMatch(/EXTRA_CA/);
  // The stand-in base differs from the real one a little; what this repository adds is ours to keep small (it was 600 MB).
  const size = (image: string) => Number(engine.docker(["image", "inspect", "--format", "{{.Size}}", image]).stdout.trim());
  const added = size(IMAGE) - size(BASE.image);
  console.info(`[container] the app adds ${(added / 1e6).toFixed(0)} MB to the base's ${(size(BASE.image) / 1e6).toFixed(0)} MB`);
  expect(added).toBeLessThan(150e6);
});

/** The id of a server action in the image's build (what the dashboard's form posts). */
function actionId(file: string, name: string): string {
  const entry = Object.entries(manifest).find(([, a]) => a.filename === file && a.exportedName === name);
  if (!entry) throw new Error(`no server action ${name} of ${file} in the image`);
  return entry[0];
}

const drivers = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])] as const;

describe.each(drivers)("on %s", (driver) => {
  const volume = `sa-data-${driver}`;
  let port: number;
  let baseUrl: string;
  let env: string[] = [];
  let dropDatabase = async () => {};
  let container = "";
  let token = "";
  let key = "";

  beforeAll(async () => {
    port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = ["-e", `PORT=${port}`, "-e", "HOST=127.0.0.1", "-e", `ADMIN_EMAIL=${ADMIN.email}`, "-e", `ADMIN_PASSWORD=${ADMIN.password}`];
    if (driver === "postgres") {
      process.env.TEST_DRIVER = "postgres";
      const database = await provisionTestDatabase();
      env.push("-e", `DATABASE_URL=${database.env.DATABASE_URL}`);
      dropDatabase = database.drop;
    }
  });
  afterAll(async () => {
    engine?.docker(["rm", "-f", container], { allowFailure: true });
    await dropDatabase();
  });

  async function run(name: string): Promise<void> {
    container = name;
    engine.docker(["run", "-d", "--name", name, "--network", "host", ...env, "-v", `${volume}:/app/.data`, IMAGE]);
    for (let i = 0; ; i++) {
      const ok = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status === 200, () => false);
      if (ok) return;
      const running = engine.docker(["inspect", "--format", "{{.State.Running}}", name]).stdout.trim();
      if (running !== "true" || i > 600) throw new Error(`the container did not become ready:\n${engine.docker(["logs", name]).stdout}`);
      await sleep(200);
    }
  }

  /** docker stop (SIGTERM, then SIGKILL after 10 s): exit code 0 means the server stopped itself in time. */
  function stop(name: string): { exitCode: string; logs: string } {
    engine.docker(["stop", "--time", "10", name]);
    const exitCode = engine.docker(["inspect", "--format", "{{.State.ExitCode}}", name]).stdout.trim();
    const logs = engine.docker(["logs", name]);
    return { exitCode, logs: logs.stdout + logs.stderr };
  }

  it("runs: /api/health 200, the first admin signs in, a junk key gets 401 JSON, node is the main process as uid 1000, the health check passes", async () => {
    await run(`sa-${driver}-1`);
    const cookie = await signInForCookie(baseUrl, ADMIN);
    const junk = await send(baseUrl, "/opik/auth", { method: "POST", headers: { authorization: "junk-key", "content-type": "application/json" }, body: JSON.stringify({ workspaceName: "default", path: "/v1/private/spans/batch" }) });
    expect(junk.status).toBe(401);
    expect(JSON.parse(junk.text)).toStrictEqual({ msg: expect.any(String), code: 401 });

    const pid = engine.docker(["inspect", "--format", "{{.State.Pid}}", container]).stdout.trim();
    expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean)).toStrictEqual(["node", "dist/server.js"]);
    expect(readFileSync(`/proc/${pid}/status`, "utf8")).toMatch(/^Uid:\s+1000\s+1000\s/m);

    // A management token through the dashboard's Create token action, then an account and a key through the API (README "Automate it").
    const created = await send(baseUrl, "/admin/settings", {
      method: "POST",
      headers: { "next-action": actionId("lib/actions/management-tokens.ts", "createManagementTokenAction"), "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: baseUrl, cookie },
      body: JSON.stringify([null, { name: "container-test", access: "write", expires: "7" }]),
    });
    token = created.text.match(/samt_[0-9A-Za-z]+/)?.[0] ?? "";
    expect(token, created.text.slice(0, 500)).not.toBe("");
    const account = await api(baseUrl, "POST", "/api/v1/service-accounts", { token, body: { name: "container-test", allWorkspaces: true } });
    expect(account.status, account.text).toBe(201);
    const issued = await api(baseUrl, "POST", `/api/v1/service-accounts/${JSON.parse(account.text).id}/keys`, { token, body: { name: "ci", expires: "90" } });
    expect(issued.status, issued.text).toBe(201);
    key = JSON.parse(issued.text).key;
    expect((await send(baseUrl, "/api/rest/v2/account-details", { headers: { authorization: key } })).status).toBe(200);

    for (let i = 0; ; i++) {
      const health = engine.docker(["inspect", "--format", "{{.State.Health.Status}}", container]).stdout.trim();
      if (health === "healthy") break;
      if (health === "unhealthy" || i > 300) throw new Error(`health check: ${health}`);
      await sleep(200);
    }
  });

  it("docker stop: exit code 0 within docker's 10 s, after the server's clean stop", () => {
    const { exitCode, logs } = stop(container);
    expect(exitCode, logs.slice(-2000)).toBe("0");
    expect(logs).toMatch(/\[server\] SIGTERM: finishing requests, recording key use, closing the database/);
    expect(logs).toMatch(/\[server\] stopped/);
    for (const secret of [ADMIN.password, token, key].filter(Boolean)) expect(logs.includes(secret)).toBe(false);
  });

  it("started again on the same volume: the admin, the token and the key made before still work", async () => {
    engine.docker(["rm", container]);
    await run(`sa-${driver}-2`);
    await signInForCookie(baseUrl, ADMIN);
    expect((await api(baseUrl, "GET", "/api/v1/service-accounts", { token })).status).toBe(200);
    const check = await send(baseUrl, "/api/rest/v2/account-details", { headers: { authorization: key } });
    expect(check.status, check.text).toBe(200);
    const { exitCode, logs } = stop(container);
    expect(exitCode, logs.slice(-2000)).toBe("0");
  });
});
