import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { barrierStats } from "@/db/change-barrier";
import { checkCache, checkCacheLease } from "@/lib/cache";
import type { LeaseStats } from "@/lib/cache/lease";
import { FLUSH_REASONS, type CheckCacheStats } from "@/lib/cache/check-cache";
import { databaseCircuit } from "@/lib/db-guard";

/**
 * Metrics for operators (`GET /api/metrics`, Prometheus text format, prom-client). Labels take
 * values from fixed sets only (a credential's kind, a check's result code), so no credential,
 * workspace or account name can reach a label, and the series stay few.
 */
export type CheckKind = "service_account" | "person";

type Metrics = {
  registry: Registry;
  checks: Counter<"kind" | "result">;
  /** Keyless CI's token exchanges by result (ok, invalid_request, invalid_grant, unavailable, rate_limited). */
  exchanges: Counter<"result">;
  /** The counter's child per kind and result: an increment without hashing its labels each time. */
  children: Map<string, { inc: () => void }>;
};

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const checks = new Counter({
    name: "sa_credential_checks_total",
    help: "Credential checks (API keys and people's Opik-web-UI credentials) by result: ok, a refusal code, or unavailable (the database could not answer).",
    labelNames: ["kind", "result"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "sa_database_circuit_open",
    help: "1 while this instance holds the database as unreachable and answers checks with 503 at once, else 0.",
    registers: [registry],
    collect() {
      this.set(databaseCircuit().isOpen ? 1 : 0);
    },
  });
  const exchanges = new Counter({
    name: "sa_token_exchanges_total",
    help: "Token exchanges (Keyless CI, POST /api/v1/token-exchange) by result: ok, invalid_request, invalid_grant, unavailable (the issuer could not be asked) or rate_limited.",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  cacheMetrics(registry);
  return { registry, checks, exchanges, children: new Map() };
}

/** The check cache's own counts, read at each scrape (lib/cache keeps them; nothing here per check). */
function cacheMetrics(registry: Registry): void {
  const read = (pick: (s: CheckCacheStats) => number) => {
    const stats = checkCache()?.snapshot();
    return stats ? pick(stats) : 0;
  };
  const total = (name: string, help: string, value: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  const counter = (name: string, help: string, pick: (s: CheckCacheStats) => number) => total(name, help, () => read(pick));
  const gauge = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(value());
      },
    });
  counter("sa_check_cache_hits_total", "Key checks answered from memory.", (s) => s.hits);
  counter("sa_check_cache_misses_total", "Key checks that read the database while the cache served (the row was not remembered).", (s) => s.misses);
  counter("sa_check_cache_evictions_total", "Remembered rows pushed out by the entry or byte bound.", (s) => s.evictions);
  counter("sa_check_cache_invalidations_total", "Changes that emptied the cache.", (s) => s.invalidations);
  new Counter({
    name: "sa_check_cache_flushes_total",
    help: "Times the cache was emptied, by reason: change (a change was announced), reconnect (the LISTEN connection broke or was replaced: notifications may have been lost), lease_lost (the lease ran out in the database).",
    labelNames: ["reason"] as const,
    registers: [registry],
    collect() {
      const flushes = checkCache()?.snapshot().flushes;
      this.reset();
      for (const reason of FLUSH_REASONS) this.labels(reason).inc(flushes?.[reason] ?? 0);
    },
  });
  counter(
    "sa_check_cache_lapses_total",
    "Times the serving window closed before its lease renewal came back (Postgres): checks read the database meanwhile; the cache kept its rows.",
    (s) => s.lapses,
  );
  counter("sa_check_cache_lapse_seconds_total", "Time spent in those lapses, not serving from memory (Postgres).", (s) => s.lapsedMs / 1000);
  gauge("sa_check_cache_entries", "Rows remembered now.", () => read((s) => s.entries));
  gauge("sa_check_cache_bytes", "Approximate bytes of the rows remembered now.", () => read((s) => s.bytes));
  gauge("sa_check_cache_serving", "1 while checks may be answered from memory (on Postgres: while this instance's lease is fresh), else 0.", () =>
    checkCache()?.isServing ? 1 : 0,
  );
  leaseMetrics(registry, total, gauge);
}

/** The cross-instance side on Postgres: barriers this instance's changes sent, its acknowledgements, the waits. */
function leaseMetrics(
  registry: Registry,
  total: (name: string, help: string, value: () => number) => Counter,
  gauge: (name: string, help: string, value: () => number) => Gauge,
): void {
  const lease = (pick: (s: LeaseStats) => number) => {
    const stats = checkCacheLease()?.stats;
    return stats ? pick(stats) : 0;
  };
  total("sa_change_barriers_total", "Changes made on this instance that waited for every instance's acknowledgement (Postgres).", () => barrierStats().sent);
  total("sa_change_barriers_unconfirmed_total", "Changes whose acknowledgement could not be confirmed, so they waited for every lease to run out.", () => barrierStats().unconfirmed);
  total("sa_change_acks_total", "Acknowledgements this instance wrote for changes it had evicted (Postgres).", () => lease((s) => s.acksWritten));
  total("sa_cache_listen_restarts_total", "Times this instance replaced a LISTEN connection that stopped delivering.", () => lease((s) => s.listenRestarts));
  total("sa_cache_lease_losses_total", "Times this instance's lease ran out in the database before it was renewed.", () => lease((s) => s.leaseLosses));
  gauge("sa_cache_lease_fresh", "1 while this instance holds a fresh lease and may serve from memory (Postgres), else 0.", () =>
    checkCacheLease() && checkCache()?.isServing ? 1 : 0,
  );
  const waits = new Histogram({
    name: "sa_change_ack_wait_seconds",
    help: "How long a change made on this instance waited, after its commit, for every instance to acknowledge it (Postgres).",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  barrierStats().observeWait = (seconds) => waits.observe(seconds);
}

// One set per process: server.ts's lane and anything else that imports this share it.
const store = globalThis as typeof globalThis & { __serviceAccountsMetrics?: Metrics };
export const metrics = (): Metrics => (store.__serviceAccountsMetrics ??= create());

/** Counts a check's outcome; `result` is a result code, never anything a client sent. */
export function countCheck(kind: CheckKind, result: string): void {
  const { checks, children } = metrics();
  const name = `${kind} ${result}`;
  let child = children.get(name);
  if (!child) children.set(name, (child = checks.labels(kind, result)));
  child.inc();
}

export type ExchangeResult = "ok" | "invalid_request" | "invalid_grant" | "unsupported_grant_type" | "temporarily_unavailable" | "unavailable" | "rate_limited";

/** Counts a token exchange's outcome (a fixed set of values: nothing a client sent). */
export function countTokenExchange(result: ExchangeResult): void {
  metrics().exchanges.inc({ result: result === "temporarily_unavailable" ? "unavailable" : result === "unsupported_grant_type" ? "invalid_request" : result });
}

/**
 * Counts a check's result, and a check the database could not answer ("unavailable"), letting
 * the error go on (callers answer 503). A check answered from memory comes back synchronously and
 * is counted at once.
 */
export function countedCheck<T extends { code: string }>(kind: CheckKind, check: () => T | Promise<T>): Promise<T> {
  const unavailable = (error: unknown): never => {
    countCheck(kind, "unavailable");
    throw error;
  };
  let result: T | Promise<T>;
  try {
    result = check();
  } catch (error) {
    return Promise.reject(error).catch(unavailable);
  }
  if (!(result instanceof Promise)) {
    countCheck(kind, result.code);
    return Promise.resolve(result);
  }
  return result.then((value) => {
    countCheck(kind, value.code);
    return value;
  }, unavailable);
}

/** The body and content type of `GET /api/metrics`. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
