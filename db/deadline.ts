import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client";

/** Thrown when the database did not answer in time (README "Database outage"). */
export class DatabaseTimeoutError extends Error {
  readonly code = "DATABASE_TIMEOUT";
  constructor(readonly ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = "DatabaseTimeoutError";
  }
}

type Deadline = { expiresAt: number; ms: number };

// One store per process: server.ts and Next.js's bundles load their own copies of this module,
// and the transaction guard installed on the shared client must see the deadline either copy set.
const store = globalThis as typeof globalThis & { __serviceAccountsDbDeadline?: AsyncLocalStorage<Deadline> };
const deadlines = (store.__serviceAccountsDbDeadline ??= new AsyncLocalStorage<Deadline>());

/** Runs `work` with a deadline `ms` from now that every transaction it opens respects. */
export function runWithDeadline<T>(ms: number, work: () => Promise<T>): Promise<T> {
  return deadlines.run({ expiresAt: Date.now() + ms, ms }, work);
}

/** Throws a DatabaseTimeoutError when the current request's deadline has passed. */
export function throwIfPastDeadline(): void {
  const deadline = deadlines.getStore();
  if (deadline && Date.now() >= deadline.expiresAt) throw new DatabaseTimeoutError(deadline.ms);
}

const guarded = new WeakSet<object>();

/**
 * Makes every `db.transaction(...)` check the current request's deadline when it starts and once
 * more before it commits: a transaction whose request was already answered with an error (the
 * database froze and the deadline passed) rolls back when the database answers again, instead of
 * committing a change the administrator was told had failed.
 */
export function guardTransactions(db: Db): Db {
  if (guarded.has(db)) return db;
  guarded.add(db);
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) =>
    transaction(async (tx) => {
      throwIfPastDeadline();
      const result = await run(tx);
      throwIfPastDeadline();
      return result;
    }, config)) as Db["transaction"];
  return db;
}
