// `npm run bench [-- --quick]`: the key-check hot path against its floor, revocation under load, and
// the Service Accounts page at scale. PGlite by default; Postgres when BENCH_DATABASE_URL is set.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { closeDb, getDb, getDbHandle } from "@/db/client";
import { findCredentialsByEmail } from "@/db/queries/administrators";
import { runMigrations } from "@/db/migrate";
import { deleteApiKey } from "@/lib/domain/api-keys";
import { load, mixedPicker, paced, type LoadResult } from "./load";
import { LIST_QUERIES, signIn, timeListPage } from "./list-page";
import { BENCH_ADMIN, seedAccounts, seedAdministrator, seedWorkspaces, type SeededKey } from "./seed";
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
const pgBase = process.env.BENCH_DATABASE_URL;
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

async function hotPath(keys: SeededKey[], env: Record<string, string>) {
  const pick = mixedPicker(keys);
  const out: Record<string, { saturation: LoadResult; fixedRate: LoadResult }> = {};
  // The reference rows of issue 15: the machine's limit for an HTTP answer, and Opik's own cache hit.
  const redisSkipped = await redisUnavailable();
  const empty = redisSkipped ? null : await fillRedis(keys);
  type Starter = (env: Record<string, string>) => Promise<Running>;
  const servers: [string, Starter][] = [["product", productServer], ["floor", floorServer], ["constant", constantServer]];
  if (!redisSkipped) servers.push(["redis", redisServer]);
  for (const [name, startServer] of servers) {
    const server = await startServer(env);
    try {
      log(`${name}: warm-up, then ${cfg.satS} s at 64 connections`);
      await load(server.url, { connections: 64, durationS: 3 }, pick);
      const saturation = await load(server.url, { connections: 64, durationS: cfg.satS }, pick);
      log(`${name}: ${cfg.fixedS} s at a fixed 1,000 requests/s`);
      const fixedRate = await paced(server.url, { rate: 1000, durationS: cfg.fixedS }, pick);
      out[name] = { saturation, fixedRate };
    } finally {
      await server.stop();
    }
  }
  await empty?.();
  if (redisSkipped) log(`Redis row skipped: ${redisSkipped}`);
  return { ...out, ratio: Math.round((out.product!.saturation.rps / out.floor!.saturation.rps) * 1000) / 1000, ...(redisSkipped ? { redisSkipped } : {}) };
}

/** Deletes keys through lib/domain (the dashboard action's function) while `checkAt` is under load. */
async function revocation(keys: SeededKey[], checkAt: Running) {
  const admin = await findCredentialsByEmail(getDb(), BENCH_ADMIN.email);
  if (!admin) throw new Error("bench administrator missing");
  const targets = keys.slice(0, cfg.deletes);
  const deletedAt = new Map<string, number>();
  const stats = { deleted: 0, checksAfterDelete: 0, acceptedAfterDelete: 0 };
  const mixed = mixedPicker(keys.slice(cfg.deletes));
  const pick = () => (Math.random() < 0.3 ? targets[Math.floor(Math.random() * targets.length)]! : mixed());
  const running = load(checkAt.url, { connections: 32, durationS: cfg.revS }, pick, (key, sentAt, status) => {
    const at = deletedAt.get(key);
    if (at === undefined || sentAt <= at) return;
    stats.checksAfterDelete++;
    if (status === 200) stats.acceptedAfterDelete++;
  });
  const gap = (cfg.revS * 1000) / (targets.length + 2);
  for (const target of targets) {
    await new Promise((r) => setTimeout(r, gap));
    const result = await deleteApiKey(
      { serviceAccountId: target.serviceAccountId, keyId: target.id },
      { actor: admin, clientAddress: "bench" },
    );
    if (!result.ok) throw new Error(`delete failed: ${result.message}`);
    deletedAt.set(target.key, Date.now());
    stats.deleted++;
  }
  const loadResult = await running;
  return { ...stats, requests: loadResult.total };
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

  let revocationResult: unknown = { skipped: "PGlite serves one process: the bench cannot delete keys while the server holds the database. The e2e suite checks that a deleted key is refused on the next request." };
  if (pgBase) {
    log("revocation under load: one instance");
    const a = await productServer(db.env);
    try {
      const one = await revocation(keys, a);
      log("revocation under load: two instances, checks through the second");
      const b = await productServer(db.env);
      try {
        const two = await revocation(keys.slice(cfg.deletes), b);
        revocationResult = { oneInstance: one, twoInstances: two };
      } finally {
        await b.stop();
      }
    } finally {
      await a.stop();
    }
  }
  await closeDb();
  await db.drop();

  // --hot measures the check only: an empty list-page section.
  const list = workingSet ? { results: {}, growth: {} } : await listPageAtScale();
  const report = {
    date: new Date().toISOString(),
    driver,
    quick,
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    seed: { accounts: cfg.accounts, keys: keys.length, workspaces: 50, workingSet: workingSet ?? keys.length },
    hotPath: hot,
    revocation: revocationResult,
    listPage: list,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${report.date.slice(0, 10)}-${driver}${quick ? "-quick" : ""}${workingSet ? `-hot${workingSet}` : ""}.json`;
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  console.log(markdown(report));
  log(`written ${file}`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
