import type { Context } from "hono";

/**
 * Error body the Opik backend parses (OPIK-AUTH-CONTRACT.md §2.2): `{"msg": string, "code": int}`,
 * always application/json. `msg` reaches the SDK user verbatim, so it says what to fix.
 */
export function opikError(c: Context, status: 400 | 401 | 403 | 404 | 405 | 408 | 413 | 415 | 429 | 503, msg: string) {
  return c.json({ msg, code: status }, status);
}

/** The limiter only ever refuses unknown keys (README "Rate limiting and security headers"). */
export const tooManyMessage = (retryAfterS: number) =>
  `Too many unknown API keys from this address: try again in ${retryAfterS} second${retryAfterS === 1 ? "" : "s"} (valid keys are still accepted)`;

/**
 * 429 with Retry-After for an unknown key from a client that presented too many of them (README
 * "Rate limiting and security headers"). Opik itself turns any 429 into a 500 for its client (§3 table).
 */
export function opikTooManyRequests(c: Context, retryAfterS: number) {
  c.header("Retry-After", String(retryAfterS));
  return opikError(c, 429, tooManyMessage(retryAfterS));
}

/** The same refusal in the native verify endpoint's shape. */
export function verifyTooManyRequests(c: Context, retryAfterS: number) {
  c.header("Retry-After", String(retryAfterS));
  return c.json({ valid: false, code: "rate_limited", message: tooManyMessage(retryAfterS) }, 429);
}

export type KeyHeader = { ok: true; key: string } | { ok: false; msg: string };

/**
 * The raw key from `Authorization` (§3: Opik forwards the header unmodified, no scheme).
 * A `Bearer` value is refused with a message rather than guessed at.
 */
export function readKeyHeader(c: Context): KeyHeader {
  return keyFromHeader(c.req.header("authorization"));
}

/** readKeyHeader for a header value read elsewhere (lib/auth-api/key-checks.ts). */
export function keyFromHeader(value: string | null | undefined): KeyHeader {
  if (value === undefined || value === null || value.trim() === "") return { ok: false, msg: "API key should be provided" };
  if (/^bearer\s/i.test(value.trim())) {
    return { ok: false, msg: 'Send the API key itself in the Authorization header, without "Bearer "' };
  }
  return { ok: true, key: value };
}

/** Exactly one value of a query parameter; repeated or missing is the caller's mistake. */
export function singleQuery(c: Context, name: string): { ok: true; value: string } | { ok: false; msg: string } {
  const values = c.req.queries(name) ?? [];
  if (values.length !== 1) return { ok: false, msg: `Give exactly one "${name}" query parameter` };
  const value = (values[0] ?? "").trim();
  if (value === "") return { ok: false, msg: `The "${name}" query parameter is empty` };
  if (value.length > 200) return { ok: false, msg: `The "${name}" query parameter is too long` };
  return { ok: true, value };
}
