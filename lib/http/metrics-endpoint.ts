import { metricsText } from "@/lib/metrics";
import { opikError } from "./errors";
import type { Reply } from "./reply";
import type { HttpRequest, Mount } from "./router";

/** Prometheus scrapes this (docs/operations.md); the mount after the key checks and forward auth. */
export const METRICS_PATH = "/api/metrics";

export async function answerMetrics(r: HttpRequest): Promise<Reply> {
  if (r.method !== "GET" && r.method !== "HEAD") return opikError(405, "Use GET", { allow: "GET, HEAD" });
  try {
    const { body, contentType } = await metricsText();
    return { status: 200, type: contentType, body };
  } catch (error) {
    console.error(`[metrics] ${error instanceof Error ? error.name : "error"}`);
    return opikError(500, "Metrics are unavailable");
  }
}

export const metrics: Mount = { owns: (_method, pathname) => pathname === METRICS_PATH, answer: answerMetrics };
