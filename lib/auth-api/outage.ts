import type { Context, MiddlewareHandler } from "hono";
import { createFailureLog, DatabaseTimeoutError, isDatabaseUnavailable } from "@/lib/db-health";
import { describeError } from "@/lib/errors";

/**
 * The authentication API during a database outage (README, "Database outage"): a retryable 503 in
 * the contract's error shape, well inside the Opik backend's 2 s client timeout.
 */

/** Past this, a request is answered 503 even if its query has not failed yet (Opik waits 2 s). */
export const AUTH_API_DEADLINE_MS = 1_500;

export const UNAVAILABLE_MESSAGE = "The authentication service cannot check keys right now; try again shortly";
export const DATABASE_UNAVAILABLE_MESSAGE =
  "The authentication service cannot reach its database, so it cannot check keys right now; try again shortly";

const logOutage = createFailureLog("[auth-api]");

/**
 * Middleware: the rest of the request must finish within `ms`, else it fails with a
 * DatabaseTimeoutError (the handler's query is then still waiting on a connection that does not
 * answer: a frozen server or a lost network path, which a connect timeout does not cover).
 * Register it first, before every other middleware and route. The timer is always cleared; the
 * abandoned handler finishes or fails later and is ignored (its Response is never sent).
 */
export function requestDeadline(ms = AUTH_API_DEADLINE_MS): MiddlewareHandler {
  return async (_c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(ms)), ms);
    });
    const work = next();
    work.catch(() => {}); // a failure after the deadline is not an unhandled rejection
    try {
      await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * For `authApi.onError`: one log line (never the key, never a stack trace; at most one line per
 * 10 s while the database is unreachable) and a 503 the client may retry.
 */
export function answerUnavailable(error: unknown, c: Context): Response {
  const answer = unavailableAnswer(error, c.req.method, c.req.path);
  for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
  return c.json(answer.body, 503);
}

/** What answerUnavailable answers, for the key checks served on node:http (lib/auth-api/key-checks.ts). */
export function unavailableAnswer(error: unknown, method: string, path: string) {
  const where = `${method} ${path}`;
  const database = isDatabaseUnavailable(error);
  if (database) logOutage(where, error);
  else console.error(`[auth-api] ${where} failed: ${describeError(error)}`);
  const message = database ? DATABASE_UNAVAILABLE_MESSAGE : UNAVAILABLE_MESSAGE;
  // The native endpoint has its own shape (lib/verify/native-endpoint.ts answers the same on its own errors).
  const body = path === NATIVE_VERIFY_PATH ? { valid: false, code: "unavailable", message } : { msg: message, code: 503 };
  return { status: 503 as const, headers: { "retry-after": "1", "cache-control": "no-store" }, body };
}

const NATIVE_VERIFY_PATH = "/api/v1/keys/verify";
