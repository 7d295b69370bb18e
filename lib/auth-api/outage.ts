import { createFailureLog, isDatabaseUnavailable } from "@/lib/db-health";
import { opikBody } from "@/lib/http/errors";
import { json, type Reply } from "@/lib/http/reply";
import type { HttpRequest } from "@/lib/http/router";

/**
 * The authentication API during a database outage (README, "Database outage"): a retryable 503 in
 * the contract's error shape, well inside the Opik backend's 2 s client timeout. The deadline and
 * the circuit that make it fast sit around the database work itself (lib/db-guard.ts), so a
 * slowly sent body (408, lib/http/json-body.ts) never counts as a database outage.
 */

export const UNAVAILABLE_MESSAGE = "The authentication service cannot check keys right now; try again shortly";
export const DATABASE_UNAVAILABLE_MESSAGE =
  "The authentication service cannot reach its database, so it cannot check keys right now; try again shortly";

// The one logger of the whole Opik-facing API (key checks, forward auth, the other routes):
// the first failure at once, then at most one line per 10 s, never a key or query parameters.
const store = globalThis as typeof globalThis & { __serviceAccountsAuthApiLog?: ReturnType<typeof createFailureLog> };
export const authApiFailureLog = (store.__serviceAccountsAuthApiLog ??= createFailureLog("[auth-api]"));

/** The authentication API's `onError` (lib/auth-api/app.ts): one throttled log line and a 503 the client may retry. */
export const answerUnavailable = (error: unknown, r: HttpRequest): Reply => unavailableAnswer(error, r.method, r.pathname);

/** What answerUnavailable answers, for the key checks and forward auth too. */
export function unavailableAnswer(error: unknown, method: string, path: string): Reply {
  const database = isDatabaseUnavailable(error);
  authApiFailureLog(`${method} ${path}`, error);
  const message = database ? DATABASE_UNAVAILABLE_MESSAGE : UNAVAILABLE_MESSAGE;
  // The native endpoint has its own shape.
  const body = path === NATIVE_VERIFY_PATH ? { valid: false, code: "unavailable", message } : opikBody(503, message);
  return json(503, body, { "retry-after": "1" });
}

const NATIVE_VERIFY_PATH = "/api/v1/keys/verify";
