import type { IncomingMessage, ServerResponse } from "node:http";
import { clusterMetricsText } from "@/lib/http/worker-metrics";

/** Prometheus scrapes this (README "Operations"); on the node:http lane, like the key checks. */
export const METRICS_PATH = "/api/metrics";

export async function handleMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "application/json", "Cache-Control": "no-store" });
    return void res.end(JSON.stringify({ msg: "Use GET", code: 405 }));
  }
  try {
    const { body, contentType } = await clusterMetricsText();
    res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (error) {
    console.error(`[metrics] ${error instanceof Error ? error.name : "error"}`);
    res.writeHead(500, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ msg: "Metrics are unavailable", code: 500 }));
  }
}
