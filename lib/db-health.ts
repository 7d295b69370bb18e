import { closeDb, getDbHandle, type DbHandle } from "@/db/client";
import { DatabaseTimeoutError, raceDeadline } from "@/db/deadline";
import { describeError } from "@/lib/errors";

export { DatabaseTimeoutError };

/**
 * Database outage helpers (README, "Database outage"): recognising "the database is unreachable"
 * among errors, bounding how long a caller waits for it, and probing it.
 */

// Node socket errors, postgres.js connection errors, and SQLSTATEs that mean "no usable server":
// class 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up), 53300 (full).
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "DATABASE_TIMEOUT",
  // work refused while the database circuit is open (lib/db-guard.ts)
  "DATABASE_CIRCUIT_OPEN",
  "57P01",
  "57P02",
  "57P03",
  "53300",
]);

/** True when `error` (or what it wraps: drizzle wraps driver errors) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
    if (current instanceof AggregateError && current.errors.some((e) => isDatabaseUnavailable(e))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** `work`, or a DatabaseTimeoutError after `ms` of database time (db/deadline.ts raceDeadline). */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  return raceDeadline(work, ms);
}

export type DatabaseStatus = { reachable: true; ms: number } | { reachable: false; ms: number; reason: string };

/** One `select 1` on the shared client, bounded by `timeoutMs`. Never throws. */
export async function probeDatabase(timeoutMs = 1_500): Promise<DatabaseStatus> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const handle = getDbHandle();
    const query = handle.driver === "postgres" ? handle.client`select 1`.then(() => {}) : handle.client.query("select 1").then(() => {});
    await withDeadline(query, timeoutMs);
    return { reachable: true, ms: ms() };
  } catch (error) {
    return { reachable: false, ms: ms(), reason: describeError(error) };
  }
}

/**
 * Logs failures without flooding the log during an outage (every request fails the same way): the
 * first one at once, then at most one line per `everyMs` with the number left out. Each line says
 * whether the database was unreachable and gives the driver's reason, never query parameters.
 */
export function createFailureLog(prefix: string, everyMs = 10_000, write: (line: string) => void = (line) => console.error(line)) {
  let lastAt = -Infinity;
  let suppressed = 0;
  return (what: string, error: unknown, now = Date.now()): void => {
    if (now - lastAt < everyMs) {
      suppressed++;
      return;
    }
    const more = suppressed > 0 ? ` (and ${suppressed} more like it since the last report)` : "";
    lastAt = now;
    suppressed = 0;
    const kind = isDatabaseUnavailable(error) ? "the database is unreachable" : "failed";
    write(`${prefix} ${what}: ${kind}: ${describeError(error)}${more}`);
  };
}

/**
 * A known postgres.js 3.4.9 defect (porsager/postgres#1208, #1154; fixes proposed in #1209, #1215):
 * when a connection dies inside a transaction (a crash or `pg_ctl stop -m immediate` mid-write),
 * postgres.js sends its ROLLBACK on the dead connection, and a deferred write throws
 * `TypeError: Cannot read properties of null (reading 'write')` from a setImmediate callback. That
 * is an uncaught exception (Next.js's handler logs it; without one the process would exit), and
 * it leaves the connection unable to send anything again: after the database is back, every query
 * that lands on it fails with CONNECT_TIMEOUT, for as long as the process lives.
 *
 * Recovery without a restart: on that exception (observed with `uncaughtExceptionMonitor`, which
 * changes nothing about how the process handles it), the whole pool is closed and the next query
 * opens a fresh one. Remove when a postgres.js release fixes it (the outage test would then
 * pass without this too).
 */
export function isPostgresWriteFault(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /reading 'write'|evaluating 'socket\.write'/.test(error.message) &&
    // The function's name, or the file when a bundler renamed it.
    /\bnextWrite\b|[\\/]postgres[\\/](cjs[\\/])?src[\\/]connection\.js/.test(error.stack ?? "")
  );
}

const faultStore = globalThis as typeof globalThis & {
  __serviceAccountsPgFaultRecovery?: true;
  __serviceAccountsPgRecycled?: WeakSet<DbHandle>;
};

/** Replaces the Postgres pool (once per pool) after `isPostgresWriteFault`. */
export function recyclePostgresPool(reason: string): void {
  let handle: DbHandle;
  try {
    handle = getDbHandle();
  } catch {
    return;
  }
  if (handle.driver !== "postgres") return;
  const recycled = (faultStore.__serviceAccountsPgRecycled ??= new WeakSet());
  if (recycled.has(handle)) return;
  recycled.add(handle);
  console.error(`[db] ${reason}: replacing the Postgres connection pool (postgres.js defect, porsager/postgres#1208)`);
  // closeDb() forgets the handle at once (the next query opens a new pool), then ends the old one:
  // queries still running on it get up to 5 s.
  void closeDb().catch(() => {});
}

/** Installs the recovery once per process (every module copy shares it through globalThis). */
export function installPostgresFaultRecovery(): void {
  if (faultStore.__serviceAccountsPgFaultRecovery) return;
  faultStore.__serviceAccountsPgFaultRecovery = true;
  process.on("uncaughtExceptionMonitor", (error) => {
    if (isPostgresWriteFault(error)) setImmediate(() => recyclePostgresPool("a connection broke inside a transaction"));
  });
}

installPostgresFaultRecovery();
