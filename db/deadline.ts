import { AsyncLocalStorage } from "node:async_hooks";
import { PgPreparedQuery } from "drizzle-orm/pg-core";
import { trackChanges } from "./change-barrier";
import type { Db } from "./types";

/** Thrown when the database did not answer in time (README "Database outage"). */
export class DatabaseTimeoutError extends Error {
  readonly code = "DATABASE_TIMEOUT";
  constructor(readonly ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = "DatabaseTimeoutError";
  }
}

/** A dashboard request's deadline: `ms` per query; `timedOut` once one of its queries ran out of time. */
type Deadline = { ms: number; timedOut: boolean };

/**
 * `work`, or a DatabaseTimeoutError once `ms` have passed. When the timer fires, the answer may
 * already be waiting in a socket while the event loop was busy (rendering other pages on a loaded
 * machine: timers run before I/O in each turn of the loop), so the refusal waits one more turn,
 * past the I/O phase: only a database that really did not answer is reported as one. The timer is
 * cleared either way; `work` keeps running (a query cannot be taken back), and its late failure is
 * handled here, never unhandled.
 */
export function raceDeadline<T>(work: Promise<T>, ms: number, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      immediate = setImmediate(() => {
        onTimeout?.();
        reject(new DatabaseTimeoutError(ms));
      });
    }, ms);
    timer.unref?.();
  });
  work.catch(() => {});
  return Promise.race([work, expired]).finally(() => {
    clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  });
}

// One store per process: server.ts and Next.js's bundles load their own copies of this module,
// and the transaction guard installed on the shared client must see the deadline either copy set.
const store = globalThis as typeof globalThis & { __serviceAccountsDbDeadline?: AsyncLocalStorage<Deadline> };
const deadlines = (store.__serviceAccountsDbDeadline ??= new AsyncLocalStorage<Deadline>());

/**
 * Runs `work` so that each query it makes gets `ms` to answer (installQueryDeadline), and no
 * transaction it opens commits once one of its queries has run out of time (guardTransactions).
 */
export function runWithDeadline<T>(ms: number, work: () => Promise<T>, deadline: Deadline = newDeadline(ms)): Promise<T> {
  return deadlines.run(deadline, work);
}

/** A deadline to hand to runWithDeadline; set `timedOut` to abandon its work (nothing of it commits). */
export function newDeadline(ms: number): Deadline {
  return { ms, timedOut: false };
}

/** Throws a DatabaseTimeoutError when a query of the current request has run out of time. */
export function throwIfTimedOut(): void {
  const deadline = deadlines.getStore();
  if (deadline?.timedOut) throw new DatabaseTimeoutError(deadline.ms);
}

const guarded = new WeakSet<object>();

/**
 * Makes every `db.transaction(...)` check its request when it starts and once more before it
 * commits: once a query of the request has run out of time, the request is answered with an error,
 * so a transaction still going (the database froze, then thawed) rolls back instead of committing
 * a change the administrator was told had failed. A transaction that recorded a change a key check
 * can see then waits, once committed, for `afterChange` (on Postgres: every instance has dropped
 * what it remembered, db/change-barrier.ts) before it returns.
 */
export function guardTransactions(db: Db, afterChange?: () => Promise<void>): Db {
  if (guarded.has(db)) return db;
  guarded.add(db);
  const transaction = db.transaction.bind(db);
  db.transaction = (async (run, config) => {
    const { result, changed } = await trackChanges(() =>
      transaction(async (tx) => {
        throwIfTimedOut();
        const value = await run(tx);
        throwIfTimedOut();
        return value;
      }, config),
    );
    if (changed && afterChange) await afterChange();
    return result;
  }) as Db["transaction"];
  return db;
}

const QUERY_DEADLINE_MARK = Symbol.for("service-accounts-admin.query-deadline");

/**
 * Gives every query made inside runWithDeadline the request's `ms` of its own (database time
 * only: the time between two queries, spent rendering, does not count). Patched where drizzle
 * runs every statement, on the copy of drizzle this module imports (each copy of db/client.ts,
 * tsx's and Next.js's bundle, installs it on its own).
 */
export function installQueryDeadline(prepared: { prototype: object } = PgPreparedQuery): void {
  const proto = prepared.prototype as Record<PropertyKey, unknown>;
  if (proto[QUERY_DEADLINE_MARK]) return;
  const original = proto.queryWithCache;
  if (typeof original !== "function") throw new Error("drizzle-orm: PgPreparedQuery.prototype.queryWithCache is gone; update db/deadline.ts");
  proto.queryWithCache = function queryWithCache(this: unknown, ...args: unknown[]) {
    const running = (original as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    const deadline = deadlines.getStore();
    return deadline ? raceDeadline(running, deadline.ms, () => (deadline.timedOut = true)) : running;
  };
  Object.defineProperty(proto, QUERY_DEADLINE_MARK, { value: true });
}
