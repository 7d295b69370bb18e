import type { Context } from "hono";
import { createFailureLog, isDatabaseUnavailable } from "@/lib/db-health";

/**
 * The authentication API during a database outage (README, "Database outage"): a retryable 503 in
 * the contract's error shape, well inside the Opik backend's 2 s client timeout. The deadline and
 * the circuit that make it fast sit around the database work itself (lib/db-guard.ts), so a
 * slowly sent body (408, lib/http/json-body.ts) never counts as a database outage.
 */

export const UNAVAILABLE_MESSAGE = "The authentication service cannot check keys right now; try again shortly";
export const DATABASE_UNAVAILABLE_MESSAGE =
  "The authentication service cannot reach its database, so it cannot check keys right now; try again shortly";

// The one logger of the whole authentication API (node:http lane, Hono app, native endpoint):
// the first failure at once, then at most one line per 10 s, never a key or query parameters.
const store = globalThis as typeof globalThis & { __serviceAccountsAuthApiLog?: ReturnType<typeof createFailureLog> };
export const authApiFailureLog = (store.__serviceAccountsAuthApiLog ??= createFailureLog("[auth-api]"));

/** For `authApi.onError`: one throttled log line and a 503 the client may retry. */
export function answerUnavailable(error: unknown, c: Context): Response {
  const answer = unavailableAnswer(error, c.req.method, c.req.path);
  for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
  return c.json(answer.body, 503);
}

/** What answerUnavailable answers, for the key checks served on node:http (lib/auth-api/key-checks.ts). */
export function unavailableAnswer(error: unknown, method: string, path: string) {
  const database = isDatabaseUnavailable(error);
  authApiFailureLog(`${method} ${path}`, error);
  const message = database ? DATABASE_UNAVAILABLE_MESSAGE : UNAVAILABLE_MESSAGE;
  // The native endpoint has its own shape.
  const body = path === NATIVE_VERIFY_PATH ? { valid: false, code: "unavailable", message } : { msg: message, code: 503 };
  return { status: 503 as const, headers: { "retry-after": "1", "cache-control": "no-store" }, body };
}

const NATIVE_VERIFY_PATH = "/api/v1/keys/verify";
