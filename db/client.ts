import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { installQueryErrorRedaction } from "./query-errors";
import { awaitChangeSeen } from "./change-barrier";
import { guardTransactions, installQueryDeadline } from "./deadline";
import * as core from "./schema";
import * as access from "./schema-access";
import * as api from "./schema-api";
import * as leases from "./schema-cache";
import * as sso from "./schema-sso";
import * as trust from "./schema-trust";

// Every query error that leaves this client carries no query parameter (db/query-errors.ts). At
// module level: each copy of this module (tsx's, Next.js's bundle) patches the drizzle it imports.
installQueryErrorRedaction();
// Queries of a dashboard request get the request's deadline each (db/deadline.ts).
installQueryDeadline();

/**
 * Every table, for drizzle: the core schema, the Opik-web-UI sign-in's (db/schema-access.ts), the
 * cache leases (db/schema-cache.ts), SSO group mappings (db/schema-sso.ts), the management API's (db/schema-api.ts) and Keyless CI's (db/schema-trust.ts).
 */
export const schema = { ...core, ...access, ...leases, ...sso, ...api, ...trust };
type Schema = typeof schema;
/** One type for both drivers: everything above db/ is written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbHandle =
  | { driver: "pglite"; db: Db; keyChecks: Db; client: PGlite; location: string; close: () => Promise<void> }
  | {
      driver: "postgres";
      db: Db;
      /** Key checks' own small pool (see openPostgres); the same as `db` on PGlite. */
      keyChecks: Db;
      client: postgres.Sql;
      url: string;
      location: string;
      close: () => Promise<void>;
    };

export const DEFAULT_PGLITE_DIR = ".data/pglite";

/** Where the embedded database lives; "memory://" keeps it in memory only. */
export function pgliteDir(): string {
  return process.env.PGLITE_DIR?.trim() || DEFAULT_PGLITE_DIR;
}

/** An embedded database with the extensions the migrations use. */
export function newPglite(dir: string): PGlite {
  return new PGlite(dir, { extensions: { pg_trgm } });
}

function openPglite(dir: string): DbHandle {
  if (!dir.startsWith("memory://")) {
    // PGlite does not create parent folders itself.
    mkdirSync(path.resolve(dir), { recursive: true });
  }
  const client = newPglite(dir);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { driver: "pglite", db, keyChecks: db, client, location: dir, close: () => client.close() };
}

/**
 * Outage behaviour (README, "Database outage"). The Opik backend gives up on a key check after
 * 2 s, so a check made while Postgres is unreachable must fail well before that:
 * - a connection attempt (TCP, TLS, authentication) gives up after 1 s instead of 30 s;
 * - after a failed attempt postgres.js waits before trying that connection again, and its default
 *   wait grows to 20 s (3^n / 100 s): queries made during an outage then queued for up to ~12 s
 *   and the first ones after the database came back for ~15 s (measured). Capped at 250 ms, with
 *   the default's jitter, so failures stay fast and service resumes as soon as Postgres is back.
 * A broken connection is replaced on the next query; no restart is ever needed.
 */
export const POSTGRES_CONNECT_TIMEOUT_S = 1;
export const POSTGRES_MAX_RECONNECT_DELAY_S = 0.25;
export const postgresBackoff = (attempt: number): number =>
  Math.min(POSTGRES_MAX_RECONNECT_DELAY_S, (0.5 + Math.random() / 2) * (3 ** attempt / 100));

/** A pool size setting (README "Configuration"): unset means `fallback`; anything but 1–1000 stops the start-up. */
export function poolSize(name: string, fallback: number): number {
  const value = process.env[name]?.trim();
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`${name} must be a whole number from 1 to 1000 (got "${value.slice(0, 20)}")`);
  return n;
}
export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_KEY_CHECK_POOL_SIZE = 2;

/**
 * Two pools on one server. Key checks get their own small one: postgres.js pipelines queries on
 * a connection, so two connections carry thousands of checks per second, and a check never waits
 * behind a dashboard page's query or a transaction holding a connection of the main pool. On the
 * 2-core bench machine, fewer connections also meant less CPU lost to switching between Postgres
 * backends: the floor answered 8,000 checks/s with 2 connections, 4,500 with 10 and 3,600 with 20
 * (README "Benchmarks"). Writes (including "last used") and the dashboard use the main pool.
 */
function openPostgres(url: string): DbHandle {
  const options = {
    onnotice: () => {},
    connect_timeout: POSTGRES_CONNECT_TIMEOUT_S,
    backoff: postgresBackoff,
  };
  const client = postgres(url, { ...options, max: poolSize("DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE) });
  const checksClient = postgres(url, { ...options, max: poolSize("DATABASE_KEY_CHECK_POOL_SIZE", DEFAULT_KEY_CHECK_POOL_SIZE) });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  const keyChecks = drizzlePostgres({ client: checksClient, schema }) as unknown as Db;
  const location = redactUrl(url);
  const close = async () => {
    await Promise.all([client.end({ timeout: 5 }), checksClient.end({ timeout: 5 })]);
  };
  return { driver: "postgres", db, keyChecks, client, url, location, close };
}

/** A connection string without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}

// One client per process: PGlite allows a single instance per data folder, and Next.js may load
// this module more than once (route bundles, dev reloads), so the handle lives on globalThis.
const store = globalThis as typeof globalThis & { __serviceAccountsDb?: DbHandle };

export function getDbHandle(): DbHandle {
  if (!store.__serviceAccountsDb) {
    const url = process.env.DATABASE_URL?.trim();
    const handle = url ? openPostgres(url) : openPglite(pgliteDir());
    // Dashboard transactions honour their request's deadline (db/deadline.ts); key checks never
    // open one. On Postgres a change returns once every instance has dropped what it remembered.
    const client = handle.driver === "postgres" ? handle.client : null;
    guardTransactions(handle.db, client ? () => awaitChangeSeen(client) : undefined);
    store.__serviceAccountsDb = handle;
  }
  return store.__serviceAccountsDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}

/** Where key checks read (lib/verify): their own pool on Postgres, the one database on PGlite. */
export function getKeyCheckDb(): Db {
  return getDbHandle().keyChecks;
}

export async function closeDb(): Promise<void> {
  const handle = store.__serviceAccountsDb;
  store.__serviceAccountsDb = undefined;
  await handle?.close();
}
