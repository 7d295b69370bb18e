import { opikError } from "@/lib/http/errors";
import { json, type Reply } from "@/lib/http/reply";
import type { HttpRequest } from "@/lib/http/router";

export { opikError };

/** The limiter only ever refuses unknown keys (docs/security.md "Rate limiting"). */
export const tooManyMessage = (retryAfterS: number) =>
  `Too many unknown API keys from this address: try again in ${retryAfterS} second${retryAfterS === 1 ? "" : "s"} (valid keys are still accepted)`;

/**
 * 429 with Retry-After for an unknown key from a client that presented too many of them. Opik
 * itself turns any 429 into a 500 for its client (OPIK-AUTH-CONTRACT.md §3 table).
 */
export const opikTooManyRequests = (retryAfterS: number): Reply => opikError(429, tooManyMessage(retryAfterS), { "retry-after": String(retryAfterS) });

/** The same refusal in the native verify endpoint's shape. */
export const verifyTooManyRequests = (retryAfterS: number): Reply =>
  json(429, { valid: false, code: "rate_limited", message: tooManyMessage(retryAfterS) }, { "retry-after": String(retryAfterS) });

export type KeyHeader = { ok: true; key: string } | { ok: false; msg: string };

/**
 * The raw key from `Authorization` (§3: Opik forwards the header unmodified, no scheme).
 * A `Bearer` value is refused with a message rather than guessed at.
 */
export function keyFromHeader(value: string | null | undefined): KeyHeader {
  if (value === undefined || value === null || value.trim() === "") return { ok: false, msg: "API key should be provided" };
  if (/^bearer\s/i.test(value.trim())) {
    return { ok: false, msg: 'Send the API key itself in the Authorization header, without "Bearer "' };
  }
  return { ok: true, key: value };
}

/** Exactly one value of a query parameter; repeated or missing is the caller's mistake. */
export function singleQuery(r: HttpRequest, name: string): { ok: true; value: string } | { ok: false; msg: string } {
  const values = r.query.getAll(name);
  if (values.length !== 1) return { ok: false, msg: `Give exactly one "${name}" query parameter` };
  const value = (values[0] ?? "").trim();
  if (value === "") return { ok: false, msg: `The "${name}" query parameter is empty` };
  if (value.length > 200) return { ok: false, msg: `The "${name}" query parameter is too long` };
  return { ok: true, value };
}
