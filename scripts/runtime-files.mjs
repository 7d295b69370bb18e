#!/usr/bin/env node
// Copies what the production server needs at run time into a folder of its own (the Dockerfile's
// runtime stage takes it whole): the files Next.js traced for its server and for every route
// (.next/**/*.nft.json, the trace `output: "standalone"` uses), the files the compiled server and
// the health check reach (traced here with the same tracer, Next's compiled @vercel/nft), and the
// built app, migrations and public assets. node_modules thus holds only files that are loaded,
// not whole packages with their other builds (Next.js alone is 200 MB installed).
//   node scripts/runtime-files.mjs <destination>    (after `npm run build`)
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { nodeFileTrace } = require("next/dist/compiled/@vercel/nft");

const root = process.cwd();
const dest = path.resolve(process.argv[2] ?? "");
if (!process.argv[2] || dest === root) throw new Error("usage: node scripts/runtime-files.mjs <destination>");
const distDir = process.env.NEXT_DIST_DIR || ".next";

const files = new Set();
const addTrace = (traceFile) => {
  const { files: listed } = JSON.parse(readFileSync(traceFile, "utf8"));
  for (const f of listed) files.add(path.relative(root, path.resolve(path.dirname(traceFile), f)));
};
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && full !== path.join(distDir, "cache")) walk(full);
    else if (entry.name.endsWith(".nft.json")) addTrace(full);
  }
};
walk(distDir);

// The compiled server and what it imports. Packages that read their own files by computed paths
// are taken whole: PGlite (WASM, data), swagger-ui-dist (lib/api/docs.ts serves its files).
const entries = ["dist/server.js", "next.config.mjs", "deploy/healthcheck.mjs"];
const traced = await nodeFileTrace(entries, { base: root, processCwd: root });
// The tracer reads Next.js's computed requires of its page runtimes as "every file there" (their
// development builds and source maps: 80 MB); Next.js's own traces above name the ones it loads.
const nextRuntimes = "node_modules/next/dist/compiled/next-server/";
for (const f of traced.fileList) if (!f.startsWith(nextRuntimes) || files.has(f)) files.add(f);
// Next.js's config loader (a custom server's, not the standalone one) checks that the build-time
// webpack files it would alias exist (next/dist/server/config-utils.js, loadWebpackHook): 4 MB.
for (const pkg of ["@electric-sql/pglite", "swagger-ui-dist", "next/dist/compiled/webpack", "next/dist/compiled/@babel/runtime"]) {
  files.add(path.join("node_modules", pkg));
}

// Never loaded in production: source maps, Next.js's bundled docs, and sharp (only Next's image
// optimizer loads it; the app serves no next/image).
const unused = (f) => f.endsWith(".map") || /^node_modules\/(next\/dist\/docs|sharp|@img)\//.test(f);
for (const f of files) if (unused(f)) files.delete(f);

for (const extra of ["package.json", distDir, "dist", "db/migrations", "public", ...entries]) files.add(extra);

rmSync(dest, { recursive: true, force: true });
const cache = path.join(distDir, "cache");
const copied = [];
for (const f of [...files].sort()) {
  // A path inside a folder already copied whole, or absent (an optional file a trace names).
  if (copied.some((dir) => f.startsWith(`${dir}/`)) || !lstatSync(f, { throwIfNoEntry: false })) continue;
  if (f === cache || f.startsWith(`${cache}/`)) continue;
  mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
  cpSync(f, path.join(dest, f), { recursive: true, verbatimSymlinks: true, filter: (src) => path.relative(root, src) !== cache });
  copied.push(f);
}
console.log(`runtime files: ${files.size} paths, copied to ${dest}`);
