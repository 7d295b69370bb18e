// `npm run bench [-- --quick]`: the key-check hot path against its floor, revocation under load, and
// the Service Accounts page at scale. PGlite by default; Postgres when BENCH_DATABASE_URL is set.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { closeDb, getDb, getDbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { load, mixedPicker, paced, sequentialPicker, type LoadResult } from "./load";
import { revocationRun, type RevocationRun } from "./revocation";
import { LIST_QUERIES, signIn, timeListPage } from "./list-page";
import { seedAccounts, seedAdministrator, seedWorkspaces, type SeededKey } from "./seed";
import { fillRedis, redisUnavailable } from "./redis-fill";
import { constantServer, floorServer, productServer, redisServer, type Running } from "./servers";
import { markdown } from "./report";

const quick = process.argv.includes("--quick");
/**
 * `--hot=N`: the valid keys of the load come from N keys only, as when a few clients (CI jobs,
 * SDK processes) make most requests: what the check cache (lib/cache) is for. Without it every
 * seeded key is equally likely, and most are used about once per phase.
 */
const hotArg = process.argv.find((a) => a.startsWith("--hot="));
const workingSet = hotArg ? Number(hotArg.slice("--hot=".length)) : null;
/**
 * `--workers=N`: the product runs with CHECK_WORKERS=N (Postgres only; docs/operations.md "Using
 * more cores"); the other servers are one process as always. `--checks-only`: the key-check
 * rows only (no revocation runs, no list page). Pin the load generator (this process) to a core
 * of its own with `taskset -c 1 npm run bench …` and give the servers the cores with
 * BENCH_SERVER_CPUS (e.g. `0-1`; bench/servers.ts starts them under `taskset -c`).
 */
const workersArg = process.argv.find((a) => a.startsWith("--workers="));
const checkWorkers = workersArg ? workersArg.slice("--workers=".length) : null;
const checksOnly = process.argv.includes("--checks-only");
const pgBase = process.env.BENCH_DATABASE_URL;
if (checkWorkers && checkWorkers !== "1" && !pgBase) throw new Error("--workers above 1 needs BENCH_DATABASE_URL (CHECK_WORKERS needs Postgres)");
const driver = pgBase ? "postgres" : "pglite";
const cfg = quick
  ? { accounts: 2_000, satS: 5, fixedS: 5, revS: 8, deletes: 5, sizes: [1_000, 10_000], samples: 10 }
  : { accounts: 10_000, satS: 20, fixedS: 20, revS: 20, deletes: 20, sizes: [1_000, 10_000, 100_000], samples: 30 };
const log = (m: string) => console.error(`[bench] ${m}`);

/** A fresh database; the bench process holds it only while seeding (PGlite allows one process). */
async function freshDatabase(tag: string) {
  await closeDb();
  delete process.env.DATABASE_URL;
  delete process.env.PGLITE_DIR;
  let env: Record<string, string>;
  let drop: () => Promise<void>;
  if (pgBase) {
    const name = `sa_bench_${tag}_${Date.now()}`;
    const admin = postgres(pgBase, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    const url = new URL(pgBase);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    drop = async () => {
      const sql = postgres(pgBase, { max: 1, onnotice: () => {} });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    };
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), `sa-bench-${tag}-`));
    env = { PGLITE_DIR: dir };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  Object.assign(process.env, env);
  await runMigrations(getDbHandle());
  await seedAdministrator(getDb());
  return { env, drop, release: () => (pgBase ? Promise.resolve() : closeDb()) };
}

const REPETITIONS = 3;

/** Resident memory of a server process, from /proc (Linux), in MiB. */
function rssMiB(server: Running): number | null {
  try {
    const status = readFileSync(`/proc/${server.child.pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

/** The check cache's state and counts after the saturation phase, from the product's own metrics (issue 28). */
async function cacheGauges(server: Running) {
  const text = await (await fetch(`${server.url}/api/metrics`)).text();
  const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  const flushes = Object.fromEntries(
    [...text.matchAll(/^sa_check_cache_flushes_total\{reason="(\w+)"\} (\S+)$/gm)].map(([, reason, value]) => [reason, Number(value)]),
  );
  const cache = {
    entries: gauge("sa_check_cache_entries"),
    bytes: gauge("sa_check_cache_bytes"),
    hits: gauge("sa_check_cache_hits_total"),
    misses: gauge("sa_check_cache_misses_total"),
    flushes,
    lapses: gauge("sa_check_cache_lapses_total"),
    lapseSeconds: gauge("sa_check_cache_lapse_seconds_total"),
    leaseLosses: gauge("sa_cache_lease_losses_total"),
    listenRestarts: gauge("sa_cache_listen_restarts_total"),
  };
  log(`product's check cache after saturation: ${JSON.stringify(cache)}`);
  return cache;
}

async function hotPath(keys: SeededKey[], env: Record<string, string>) {
  const pick = mixedPicker(keys);
  const runs: Record<string, { saturation: LoadResult; fixedRate: LoadResult }[]> = {};
  let memory: Record<string, unknown> | null = null;
  // The reference rows of issue 15: the machine's limit for an HTTP answer, and Opik's own cache hit.
  const redisSkipped = await redisUnavailable();
  const empty = redisSkipped ? null : await fillRedis(keys);
  type Starter = (env: Record<string, string>) => Promise<Running>;
  const product: Starter = (e) => productServer(checkWorkers ? { ...e, CHECK_WORKERS: checkWorkers } : e);
  const servers: [string, Starter][] = [["product", product], ["floor", floorServer], ["constant", constantServer]];
  if (!redisSkipped) servers.push(["redis", redisServer]);
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    for (const [name, startServer] of servers) {
      const server = await startServer(env);
      try {
        const idle = rssMiB(server);
        // Every key once (what 30,000 keys in use means for the cache), then 3 s of the mix.
        log(`${name} (${rep}/${REPETITIONS}): every key once, a 3 s warm-up, then ${cfg.satS} s at 64 connections`);
        await load(server.url, { connections: 64, amount: keys.length }, sequentialPicker(keys));
        await load(server.url, { connections: 64, durationS: 3 }, pick);
        const saturation = await load(server.url, { connections: 64, durationS: cfg.satS }, pick);
        if (name === "product" && rep === 1) memory = { idleRssMiB: idle, rssMiB: rssMiB(server), keysInUse: keys.length, cache: await cacheGauges(server) };
        log(`${name} (${rep}/${REPETITIONS}): ${cfg.fixedS} s at a fixed 1,000 requests/s`);
        const fixedRate = await paced(server.url, { rate: 1000, durationS: cfg.fixedS }, pick);
        (runs[name] ??= []).push({ saturation, fixedRate });
      } finally {
        await server.stop();
      }
    }
  }
  await empty?.();
  if (redisSkipped) log(`Redis row skipped: ${redisSkipped}`);
  const median = (name: string) => [...runs[name]!.map((r) => r.saturation.rps)].sort((x, y) => x - y)[Math.floor(REPETITIONS / 2)]!;
  return {
    runs,
    memory,
    ratio: Math.round((median("product") / median("floor")) * 1000) / 1000,
    ...(redisSkipped ? { redisSkipped } : {}),
  };
}

/** Revocation on Postgres: one and two instances, delete and disable, and a cut connection. */
async function revocations(keys: SeededKey[], env: Record<string, string>) {
  // Five runs, each with targets of its own; the rest of the load comes from the other keys.
  let next = 0;
  const take = () => keys.slice(next, (next += cfg.deletes));
  const others = keys.slice(cfg.deletes * 5);
  const runs: RevocationRun[] = [];
  const a = await productServer({ ...env, PGAPPNAME: "bench-a" });
  try {
    for (const change of ["delete", "disable"] as const) {
      log(`revocation under load: one instance, ${change}`);
      runs.push(await revocationRun({ at: [a], keys: others, targets: take(), change, durationS: cfg.revS }));
    }
    const b = await productServer({ ...env, PGAPPNAME: "bench-b" });
    try {
      for (const change of ["delete", "disable"] as const) {
        log(`revocation under load: two instances, ${change}`);
        runs.push(await revocationRun({ at: [a, b], keys: others, targets: take(), change, durationS: cfg.revS }));
      }
      log("revocation under load: two instances, delete, the second's database connections cut halfway");
      const cut = { adminUrl: pgBase!, appName: "bench-b" };
      runs.push(await revocationRun({ at: [a, b], keys: others, targets: take(), change: "delete", durationS: cfg.revS, cut }));
    } finally {
      await b.stop();
    }
  } finally {
    await a.stop();
  }
  return runs;
}

async function listPageAtScale() {
  const results: Record<string, Record<string, { p50: number; p95: number }>> = {};
  let previous = 0;
  const db = await freshDatabase("list");
  const ws = await seedWorkspaces(getDb(), 50);
  try {
    for (const size of cfg.sizes) {
      log(`list page: ${size.toLocaleString("en")} accounts`);
      // getDb() reopens the embedded database after the previous server released it.
      await seedAccounts(getDb(), ws, size - previous, 1, previous);
      previous = size;
      await db.release();
      const server = await productServer(db.env);
      try {
        const cookie = await signIn(server.url);
        results[size] = {};
        for (const [label, query] of Object.entries(LIST_QUERIES)) {
          const q = query.replace("LAST", String(Math.ceil(size / 20)));
          results[size]![label] = await timeListPage(server.url, cookie, q, cfg.samples);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    await closeDb();
    await db.drop();
  }
  const first = String(cfg.sizes[0]);
  const last = String(cfg.sizes.at(-1));
  const growth = Object.fromEntries(
    Object.keys(LIST_QUERIES).map((label) => [label, Math.round((results[last]![label]!.p50 / results[first]![label]!.p50) * 100) / 100]),
  );
  return { results, growth };
}

async function main() {
  const started = Date.now();
  log(`driver ${driver}${quick ? " (quick)" : ""}: seeding ${cfg.accounts.toLocaleString("en")} accounts`);
  const db = await freshDatabase("hot");
  const ws = await seedWorkspaces(getDb(), 50);
  const keys = await seedAccounts(getDb(), ws, cfg.accounts, 3);
  await db.release();
  const hot = await hotPath(workingSet ? keys.slice(0, workingSet) : keys, db.env);

  let revocationResult: RevocationRun[] | { skipped: string } = {
    skipped: "PGlite serves one process: the bench cannot change keys while the server holds the database. The integration suite (tests/integration/check-cache.test.ts) checks that every change is refused by the next check from memory.",
  };
  if (checksOnly) revocationResult = { skipped: "--checks-only" };
  else if (pgBase) revocationResult = await revocations(keys, db.env);
  await closeDb();
  await db.drop();

  // --hot measures the check only: an empty list-page section.
  const list = workingSet || checksOnly ? { results: {}, growth: {} } : await listPageAtScale();
  const report = {
    date: new Date().toISOString(),
    driver,
    quick,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    checkWorkers: checkWorkers ?? "1",
    serverCpus: process.env.BENCH_SERVER_CPUS ?? null,
    seed: { accounts: cfg.accounts, keys: keys.length, workspaces: 50, workingSet: workingSet ?? keys.length },
    hotPath: hot,
    revocation: revocationResult,
    listPage: list,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${report.date.slice(0, 10)}-${driver}${quick ? "-quick" : ""}${workingSet ? `-hot${workingSet}` : ""}${checkWorkers ? `-workers${checkWorkers}` : ""}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(markdown(report));
  log(`written ${file}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
