import CircuitBreaker from "opossum";
import { getDbHandle } from "@/db/client";
import { runWithDeadline } from "@/db/deadline";
import { isDatabaseUnavailable, withDeadline } from "@/lib/db-health";

/**
 * How long any request waits for the database: the authentication API's checks (Opik gives up
 * after 2 s) and the dashboard's pages and actions alike (README "Database outage").
 */
export const DB_DEADLINE_MS = 1_500;

/** While the circuit is open, one request every this many ms is let through to find out whether the database is back. */
export const CIRCUIT_RETRY_MS = 250;

type Work = () => Promise<unknown>;

// One circuit per process, shared by server.ts's modules and Next.js's bundles.
const store = globalThis as typeof globalThis & { __serviceAccountsDbCircuit?: CircuitBreaker<[Work], unknown> };

/**
 * The database circuit (opossum): closed while Postgres answers. The first failure that says the
 * database is unreachable (refused or reset connections, connect timeouts, a passed deadline)
 * opens it, and every request then fails at once with EOPENBREAKER instead of queueing behind
 * connection attempts until its deadline. After CIRCUIT_RETRY_MS one request is let through
 * (half-open): success closes the circuit, failure opens it again. Other errors (a constraint
 * violation, a bug) never open it.
 */
export function databaseCircuit(): CircuitBreaker<[Work], unknown> {
  store.__serviceAccountsDbCircuit ??= new CircuitBreaker((work: Work) => work(), {
    timeout: false, // the deadline is inside the work, so that it counts as a failure
    errorThresholdPercentage: 0, // any counted failure opens it...
    volumeThreshold: 0,
    errorFilter: (error: unknown) => !isDatabaseUnavailable(error), // ...but only "unreachable" ones count
    resetTimeout: CIRCUIT_RETRY_MS,
    rollingCountTimeout: 10_000,
    capacity: Number.MAX_SAFE_INTEGER,
  });
  return store.__serviceAccountsDbCircuit;
}

/**
 * Database work of one request: refused at once while the circuit is open (Postgres), else given
 * DB_DEADLINE_MS. PGlite runs in this process and cannot be unreachable, so it only gets the deadline.
 */
export function guardDb<T>(work: () => Promise<T>, ms = DB_DEADLINE_MS): Promise<T> {
  if (getDbHandle().driver !== "postgres") return withDeadline(work(), ms);
  return databaseCircuit().fire(() => withDeadline(work(), ms)) as Promise<T>;
}

/**
 * A dashboard page's or action's database work: guardDb, and every transaction it opens checks
 * the same deadline before committing (db/deadline.ts), so nothing commits after the request was
 * answered with an error.
 */
export function guardRequest<T>(work: () => Promise<T>, ms = DB_DEADLINE_MS): Promise<T> {
  return guardDb(() => runWithDeadline(ms, work), ms);
}
