// `GET /api/metrics` with CHECK_WORKERS > 1 (lib/http/workers.ts): the full process answers it
// (workers pass it on like any other path) with every process's metrics summed, as one instance
// (prom-client's cluster aggregation: counters and gauges summed, Node's own process metrics as
// prom-client aggregates them), plus `sa_worker_credential_checks_total{worker}`, the checks each
// worker slot answered, and `sa_check_workers`, the workers running now.
import cluster from "node:cluster";
import { AggregatorRegistry, Counter, Gauge, type MetricObjectWithValues, type MetricValue } from "prom-client";
import { metrics, metricsText } from "@/lib/metrics";
import { liveWorkers } from "./workers";

type Json = MetricObjectWithValues<MetricValue<string>>[];
const REQUEST = "sa-worker-metrics";
const REPLY = "sa-worker-metrics-reply";
const WAIT_MS = 2_000;

/** In a worker: answer the primary's requests for this process's metrics. */
export function answerMetricsRequests(slot: string): void {
  process.on("message", (message: { type?: string; id?: number }) => {
    if (message?.type !== REQUEST) return;
    void metrics()
      .registry.getMetricsAsJSON()
      .then((json) => process.send?.({ type: REPLY, id: message.id, slot, metrics: json }))
      .catch(() => process.send?.({ type: REPLY, id: message.id, slot, metrics: [] }));
  });
}

let nextId = 0;

/** In the primary: each live worker's metrics; a worker that does not answer within 2 s is left out. */
async function workersMetrics(): Promise<{ slot: number; metrics: Json }[]> {
  const id = ++nextId;
  const answers = await Promise.all(
    liveWorkers().map(
      ({ slot, worker }) =>
        new Promise<{ slot: number; metrics: Json } | null>((resolve) => {
          const done = (value: { slot: number; metrics: Json } | null) => {
            clearTimeout(timer);
            worker.off("message", onMessage);
            resolve(value);
          };
          const onMessage = (message: { type?: string; id?: number; metrics?: Json }) => {
            if (message?.type === REPLY && message.id === id) done({ slot, metrics: message.metrics ?? [] });
          };
          const timer = setTimeout(() => done(null), WAIT_MS);
          worker.on("message", onMessage);
          worker.send({ type: REQUEST, id });
        }),
    ),
  );
  return answers.filter((a) => a !== null);
}

/** The body and content type of `GET /api/metrics`: this process's alone without workers. */
export async function clusterMetricsText(): Promise<{ body: string; contentType: string }> {
  if (!cluster.isPrimary || liveWorkers().length === 0) return metricsText();
  const [own, workers] = await Promise.all([metrics().registry.getMetricsAsJSON(), workersMetrics()]);
  const registry = AggregatorRegistry.aggregate([own, ...workers.map((w) => w.metrics)] as Parameters<typeof AggregatorRegistry.aggregate>[0]);
  const perWorker = new Counter({
    name: "sa_worker_credential_checks_total",
    help: "Credential checks answered by each CHECK_WORKERS worker slot (a restarted worker starts again from 0).",
    labelNames: ["worker"] as const,
    registers: [registry],
  });
  for (const { slot, metrics: json } of workers) {
    const checks = json.find((m) => m.name === "sa_credential_checks_total");
    perWorker.labels(String(slot)).inc(checks ? checks.values.reduce((sum, v) => sum + v.value, 0) : 0);
  }
  const running = new Gauge({ name: "sa_check_workers", help: "CHECK_WORKERS worker processes answering now.", registers: [registry] });
  running.set(workers.length);
  return { body: await registry.metrics(), contentType: registry.contentType };
}
