import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { awaitChangeSeen, CHANGE_CHANNEL } from "@/db/change-barrier";
import { newPglite, schema, type Db } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { signalGroupWhileBusy, stopGroup } from "./process-group";
import { provisionTestDatabase } from "./test-database";

export { serverProcessPid } from "./process-group";

/**
 * HTTP contract tests run against the production build started as users start it (`npm start`,
 * i.e. `node dist/server.js`; `.next` and dist/ must exist: run `npm run build` first).
 * One server per test file, on its own database:
 * - PGlite: a fresh temporary data directory, seeded here and closed again before the server
 *   opens it (PGlite allows one process per directory), so the test process cannot read it while
 *   the server runs; `readAfterStop` reopens it once the server has exited.
 * - Postgres (TEST_DRIVER=postgres): a fresh database on TEST_DATABASE_URL; the test process keeps
 *   its own connection (`db`) for mid-test changes and reads.
 */
export type Driver = "pglite" | "postgres";

export type ContractServer<F> = {
  driver: Driver;
  baseUrl: string;
  port: number;
  /** The process group of `npm start` (its leader's pid); `serverProcessPid(pgid)` finds the server's own process. */
  pgid: number;
  fixtures: F;
  /** Postgres only: a connection of the test process to the server's database. */
  db: Db | null;
  /**
   * Postgres only: after changing rows with `db` by hand, announce it and wait as a change of the
   * app does (db/change-barrier.ts), so the server's check cache drops what it remembered first.
   */
  announceChange: () => Promise<void>;
  /** How `npm start` exited (it exits as the server does), or null while it runs. */
  exitStatus: () => { code: number | null; signal: NodeJS.Signals | null } | null;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
  /** Stops the server (SIGTERM; it flushes "last used" on the way out) and waits for its process group. Idempotent. */
  stop: () => Promise<void>;
  /** Stops it instead with SIGTERM to the whole group while its event loop is frozen for `busyMs`. */
  stopAsGroupWhileBusy: (busyMs: number) => Promise<void>;
  /** Stops the server if needed, then reads the database from the test process (both drivers). */
  readAfterStop: <T>(read: (db: Db) => Promise<T>) => Promise<T>;
  /** Stops the server, closes connections, deletes the directory or drops the database. */
  dispose: () => Promise<void>;
};

export const driver: Driver = process.env.TEST_DRIVER === "postgres" ? "postgres" : "pglite";
const ROOT = path.resolve(import.meta.dirname, "../..");
const READY_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The child's environment: this process's, less anything that would point it at another database or at vitest. */
function serverEnv(extra: Record<string, string>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(VITEST|TEST_|DATABASE_URL$|PGLITE_DIR$|NODE_ENV$|NODE_OPTIONS$|PORT$|HOST$|ADMIN_)/.test(k)) continue;
    env[k] = v;
  }
  return {
    ...env,
    AUTH_SECRET: "contract-tests-auth-secret-0123456789abcdef",
    LAST_USED_FLUSH_MS: "200",
    // Off unless a file turns them on (rate-limit.test.ts): the other files send dozens of refused
    // keys and sign-ins from one address on purpose.
    AUTH_RATE_LIMIT_FAILURES: "0",
    LOGIN_RATE_LIMIT_FAILURES: "0",
    ...extra,
  };
}

export async function startContractServer<F>(
  seed: (db: Db) => Promise<F>,
  /**
   * `databaseUrl`: a Postgres database the caller owns (e.g. a server of its own, tests/support/pg-cluster.ts),
   * used instead of the driver's: migrated and seeded here, never dropped; `db` is then a connection to it.
   */
  options: { env?: Record<string, string>; databaseUrl?: string; port?: number } = {},
): Promise<ContractServer<F>> {
  let dbEnv: Record<string, string>;
  let db: Db | null = null;
  let closeDb = async () => {};
  let sqlClient: postgres.Sql | null = null;
  let cleanup: () => Promise<void>;
  let fixtures: F;
  let pgliteDir = "";

  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const client = postgres(url, { max: 2, onnotice: () => {} });
    sqlClient = client;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    db = drizzlePostgres({ client, schema }) as unknown as Db;
    fixtures = await seed(db);
    closeDb = () => client.end({ timeout: 5 });
    dbEnv = { DATABASE_URL: url };
    cleanup = async () => {};
  } else if (driver === "pglite") {
    pgliteDir = await mkdtemp(path.join(os.tmpdir(), "sa-contract-"));
    const client = newPglite(pgliteDir);
    try {
      await migratePglite(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
      fixtures = await seed(drizzlePglite({ client, schema }) as unknown as Db);
    } finally {
      await client.close();
    }
    dbEnv = { PGLITE_DIR: pgliteDir };
    cleanup = () => rm(pgliteDir, { recursive: true, force: true });
  } else {
    const database = await provisionTestDatabase();
    const url = database.env.DATABASE_URL;
    if (!url) throw new Error("provisionTestDatabase gave no DATABASE_URL");
    const client = postgres(url, { max: 2, onnotice: () => {} });
    sqlClient = client;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    db = drizzlePostgres({ client, schema }) as unknown as Db;
    fixtures = await seed(db);
    closeDb = () => client.end({ timeout: 5 });
    dbEnv = { DATABASE_URL: url };
    cleanup = database.drop;
  }

  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: serverEnv({ ...dbEnv, PORT: String(port), HOST: "127.0.0.1", ...options.env }) as NodeJS.ProcessEnv,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  let exited = false;
  let exitStatus: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.once("exit", (code, signal) => {
    exited = true;
    exitStatus = { code, signal };
  });

  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopGroup(child));
  const stopAsGroupWhileBusy = (busyMs: number) => (stopped ??= signalGroupWhileBusy(child, busyMs));
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await stop();
    await closeDb();
    await cleanup();
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      await dispose();
      throw new Error(`the server exited before answering /is-alive/ping:\n${output}`);
    }
    const ok = await fetch(`${baseUrl}/is-alive/ping`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await dispose();
      throw new Error(`the server did not answer /is-alive/ping within ${READY_TIMEOUT_MS} ms:\n${output}`);
    }
    await sleep(200);
  }

  return {
    driver: options.databaseUrl ? "postgres" : driver,
    baseUrl,
    port,
    pgid: child.pid!,
    fixtures,
    db,
    announceChange: async () => {
      if (!sqlClient) throw new Error("announceChange: Postgres only");
      await sqlClient`select pg_notify(${CHANGE_CHANNEL}, 'test.sql_edit')`;
      await awaitChangeSeen(sqlClient);
    },
    output: () => output,
    exitStatus: () => exitStatus,
    stop,
    stopAsGroupWhileBusy,
    dispose,
    readAfterStop: async (read) => {
      await stop();
      if (db) return read(db);
      const client = newPglite(pgliteDir);
      try {
        return await read(drizzlePglite({ client, schema }) as unknown as Db);
      } finally {
        await client.close();
      }
    },
  };
}
