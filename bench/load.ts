// Load generation with autocannon: valid keys spread over many accounts and workspaces, plus invalid ones.
import autocannon from "autocannon";
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

export async function load(
  url: string,
  opts: { connections: number; durationS: number; rate?: number },
  pick: () => SeededKey | string,
  onResponse?: (key: string, sentAt: number, status: number) => void,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.durationS,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
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
