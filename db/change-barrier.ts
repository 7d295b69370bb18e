import { AsyncLocalStorage } from "node:async_hooks";
import type postgres from "postgres";

/**
 * A change is acknowledged only once no instance can answer a check from memory as if it had not
 * happened (issue 15, README "Key checks from memory"). Every change announces itself in its own
 * transaction (recordAuditEvent: NOTIFY sa_changes), and on Postgres, once it has committed, the
 * transaction's caller waits here (guardTransactions) before it returns:
 *
 * 1. a barrier: `nextval('sa_change_seq')`, taken after the commit, sent as `NOTIFY sa_changes,
 *    'b:<n>'`. Postgres delivers notifications in commit order, so an instance that hears barrier n
 *    (or any later one: its number was taken later still) has heard the change before it;
 * 2. then until every instance with a fresh lease (`lease_until > now()`, database time: no two
 *    machines' clocks are compared) has acknowledged n or a later barrier, or its lease has run
 *    out (lib/cache/lease.ts: an instance stops serving from memory before its lease ends).
 *
 * PGlite needs none of it: one process, and its listener runs while the change commits.
 */
export const CHANGE_CHANNEL = "sa_changes";

/**
 * Lease timing shared by every instance (lib/cache/lease.ts) and by the wait below. An instance
 * serves for ms − marginMs (1.75 s) after it sent a renewal; the database holds its lease for ms
 * (3 s) from when the renewal ran. The wide margin is what a late renewal (a saturated process or
 * database) can take and still find its lease fresh, so that the cache keeps its rows across the
 * lapse instead of starting over (issue 28); it is also how long a crashed instance can hold
 * changes up.
 */
export const LEASE = { ms: 3000, renewMs: 250, marginMs: 1250, echoTimeoutMs: 1000 } as const;
/** A wait never outlasts this (8 s): a lease ends within LEASE.ms of its last renewal. */
const WAIT_CAP_MS = LEASE.ms + 5000;

/**
 * Whether a change can alter a key check's answer, from its audit action. People's sign-ins and
 * sessions, passwords and roles cannot: people's credentials are never answered from memory.
 */
export function affectsKeyChecks(action: string): boolean {
  // Trusted pipelines and refused token exchanges change no key (a successful exchange adds one).
  return !/^(auth|access|administrator|sso_group_mapping|management_token|trust_policy)\./.test(action) && action !== "api_key.exchange_refused";
}

type Scope = { changed: boolean };
const store = globalThis as typeof globalThis & {
  __serviceAccountsChangeScope?: AsyncLocalStorage<Scope>;
  __serviceAccountsBarrierStats?: BarrierStats;
};
const scopes = (store.__serviceAccountsChangeScope ??= new AsyncLocalStorage<Scope>());

export type BarrierStats = { sent: number; unconfirmed: number; observeWait?: (seconds: number) => void };
/** This process's barriers: sent, waits that ran out, and where each wait's length goes (lib/metrics.ts sets it). */
export const barrierStats = (): BarrierStats => (store.__serviceAccountsBarrierStats ??= { sent: 0, unconfirmed: 0 });

/** Called by recordAuditEvent inside the change's transaction. */
export function noteChange(action: string): void {
  const scope = scopes.getStore();
  if (scope && affectsKeyChecks(action)) scope.changed = true;
}

/** Runs a transaction noting whether it recorded a change that can alter a key check. */
export async function trackChanges<T>(work: () => Promise<T>): Promise<{ result: T; changed: boolean }> {
  const scope: Scope = { changed: false };
  const result = await scopes.run(scope, work);
  return { result, changed: scope.changed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** After a change committed on Postgres: its barrier, then the wait for every fresh lease (see above). */
export async function awaitChangeSeen(sql: postgres.Sql): Promise<void> {
  const began = performance.now();
  const stats = barrierStats();
  try {
    const [row] = await sql<{ seq: string }[]>`
      select b.seq::text as seq, pg_notify(${CHANGE_CHANNEL}, 'b:' || b.seq) from (select nextval('sa_change_seq') as seq) b`;
    const seq = row!.seq;
    stats.sent++;
    for (let poll = 0; performance.now() - began < WAIT_CAP_MS; poll++) {
      const [left] = await sql<{ n: number }[]>`
        select count(*)::int as n from cache_instances where lease_until > now() and acked_seq < ${seq}::bigint`;
      if (left!.n === 0) {
        stats.observeWait?.((performance.now() - began) / 1000);
        return;
      }
      await sleep(poll < 40 ? 5 : 25);
    }
  } catch {
    // The change has committed; the database no longer answers here. Every lease is renewed in
    // the database, so none outlives this wait by more than its length: wait that out.
    await sleep(Math.max(0, WAIT_CAP_MS - (performance.now() - began)));
  }
  stats.unconfirmed++;
  console.warn("[change-barrier] a change could not be confirmed on every instance; waited until their leases ran out");
}
