import { opikError } from "./errors";
import type { Reply } from "./reply";
import type { HttpRequest, Mount } from "./router";
import { clusterMetricsText } from "./worker-metrics";

/** Prometheus scrapes this (docs/operations.md); the mount after the key checks and forward auth. */
export const METRICS_PATH = "/api/metrics";

/** With CHECK_WORKERS > 1 the workers pass this path on: the full process answers for the whole cluster. */
export async function answerMetrics(r: HttpRequest): Promise<Reply> {
  if (r.method !== "GET" && r.method !== "HEAD") return opikError(405, "Use GET", { allow: "GET, HEAD" });
  try {
    const { body, contentType } = await clusterMetricsText();
    return { status: 200, type: contentType, body };
  } catch (error) {
    console.error(`[metrics] ${error instanceof Error ? error.name : "error"}`);
    return opikError(500, "Metrics are unavailable");
  }
}

export const metrics: Mount = { owns: (_method, pathname) => pathname === METRICS_PATH, answer: answerMetrics };
