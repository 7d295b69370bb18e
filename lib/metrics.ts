import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
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
  return { registry, checks };
}

// One set per process: server.ts's lane and anything else that imports this share it.
const store = globalThis as typeof globalThis & { __serviceAccountsMetrics?: Metrics };
export const metrics = (): Metrics => (store.__serviceAccountsMetrics ??= create());

/** Counts a check's outcome; `result` is a result code, never anything a client sent. */
export function countCheck(kind: CheckKind, result: string): void {
  metrics().checks.inc({ kind, result });
}

/** Counts a check the database could not answer, and lets the error go on (callers answer 503). */
export async function countedCheck<T extends { code: string }>(kind: CheckKind, check: () => Promise<T>): Promise<T> {
  try {
    const result = await check();
    countCheck(kind, result.code);
    return result;
  } catch (error) {
    countCheck(kind, "unavailable");
    throw error;
  }
}

/** The body and content type of `GET /api/metrics`. */
export async function metricsText(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
