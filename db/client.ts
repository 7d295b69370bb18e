import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

type Schema = typeof schema;
/** One type for both drivers: everything above db/ is written against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbHandle =
  | { driver: "pglite"; db: Db; client: PGlite; location: string; close: () => Promise<void> }
  | {
      driver: "postgres";
      db: Db;
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

function openPglite(dir: string): DbHandle {
  if (!dir.startsWith("memory://")) {
    // PGlite does not create parent folders itself.
    mkdirSync(path.resolve(dir), { recursive: true });
  }
  const client = new PGlite(dir);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { driver: "pglite", db, client, location: dir, close: () => client.close() };
}

function openPostgres(url: string): DbHandle {
  const client = postgres(url, {
    max: Number(process.env.DATABASE_POOL_SIZE) || 10,
    onnotice: () => {},
  });
  const db = drizzlePostgres({ client, schema }) as unknown as Db;
  const location = redactUrl(url);
  return { driver: "postgres", db, client, url, location, close: () => client.end({ timeout: 5 }) };
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
    store.__serviceAccountsDb = url ? openPostgres(url) : openPglite(pgliteDir());
  }
  return store.__serviceAccountsDb;
}

export function getDb(): Db {
  return getDbHandle().db;
}

export async function closeDb(): Promise<void> {
  const handle = store.__serviceAccountsDb;
  store.__serviceAccountsDb = undefined;
  await handle?.close();
}
