// Load generation: valid keys spread over many accounts and workspaces, plus invalid ones.
// Saturation: autocannon, closed loop (each connection sends its next request when the previous
// one is answered). A fixed rate: loadtest, open loop (requests leave on a 1 ms schedule whatever
// the answers do). autocannon's own rate option sends each connection's quota for the second as
// fast as it can and then waits for the next second: bursts at saturation speed, not a fixed rate.
import autocannon from "autocannon";
import type { IncomingMessage, request as httpRequest, RequestOptions } from "node:http";
import { loadTest } from "loadtest";
import { generateApiKey } from "@/lib/keys";
import type { SeededKey } from "./seed";

export type LoadResult = { rps: number; total: number; errors: number; non2xx: number; p50: number; p99: number; max: number };

/** One check as the Opik backend sends it; a valid key asks for its own account's workspace. */
function requestFor(choice: SeededKey | string) {
  const key = typeof choice === "string" ? choice : choice.key;
  const workspace = typeof choice === "string" ? "ws-000" : choice.workspace;
  return { key, body: JSON.stringify({ workspaceName: workspace, path: "/v1/private/traces/batch", requiredPermissions: ["trace_span_thread_log"] }) };
}

/** 90% valid keys spread over every seeded account, 10% well-formed keys that do not exist. */
export function mixedPicker(keys: SeededKey[]) {
  const invalid = Array.from({ length: 500 }, () => generateApiKey());
  return () => (Math.random() < 0.1 ? invalid[Math.floor(Math.random() * invalid.length)]! : keys[Math.floor(Math.random() * keys.length)]!);
}

/** Each key once, in order, then again: with `amount: keys.length`, every key is checked once. */
export function sequentialPicker(keys: SeededKey[]) {
  let i = 0;
  return () => keys[i++ % keys.length]!;
}

export async function load(
  url: string,
  opts: { connections: number; durationS?: number; amount?: number },
  pick: () => SeededKey | string,
  onResponse?: (key: string, sentAt: number, status: number) => void,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.durationS }),
    requests: [
      {
        method: "POST",
        path: "/opik/auth",
        // One request in flight per connection, so the connection's context names the request's key.
        setupRequest: (req, context) => {
          const { key, body } = requestFor(pick());
          Object.assign(context, { key, sentAt: Date.now() });
          return { ...req, body, headers: { "content-type": "application/json", accept: "application/json", "accept-encoding": "identity", authorization: key } };
        },
        onResponse: (status, _body, context) => {
          const { key, sentAt } = context as { key: string; sentAt: number };
          onResponse?.(key, sentAt, status);
        },
      },
    ],
  });
  const errors = result.errors + result.timeouts;
  return {
    rps: Math.round(result.requests.average),
    total: result.requests.total,
    errors,
    non2xx: result.non2xx,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}

/**
 * `rate` requests per second, evenly spaced, for `durationS`, through keep-alive connections
 * (loadtest opens more when all are busy). Latency of every answer (401s included: they do the
 * same lookup), from the moment the request was sent.
 */
export async function paced(url: string, opts: { rate: number; durationS: number }, pick: () => SeededKey | string): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  await new Promise<void>((resolve, reject) => loadTest({
    url: `${url}/opik/auth`,
    method: "POST",
    requestsPerSecond: opts.rate,
    maxSeconds: opts.durationS,
    agentKeepAlive: true,
    quiet: true,
    // loadtest times whole milliseconds; each answer is timed here, from the send to its last byte.
    requestGenerator: (_options: unknown, params: { headers: Record<string, string | number> }, request: typeof httpRequest, callback: (res: IncomingMessage) => void) => {
      const { key, body } = requestFor(pick());
      Object.assign(params.headers, { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: key });
      const sent = performance.now();
      const req = request(params as RequestOptions, (res) => {
        res.once("end", () => {
          latencies.push(performance.now() - sent);
          if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) non2xx++;
        });
        callback(res);
      });
      req.write(body);
      return req;
    },
    statusCallback: (error: unknown, result?: unknown) => {
      if (!result) errors++; // no answer at all: a connection error or a timeout
    },
  }, (error: unknown) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve())));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
  return { rps: Math.round(latencies.length / seconds), total: latencies.length, errors, non2xx, p50: at(0.5), p99: at(0.99), max: at(1) };
}
