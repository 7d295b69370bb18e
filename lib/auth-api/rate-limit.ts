import type { Reply } from "@/lib/http/reply";
import type { Handler, HttpRequest } from "@/lib/http/router";
import type { AuthFailureLimiter, RefusalVerdict } from "@/lib/rate-limit/auth-api";
import { clientKey } from "@/lib/rate-limit/client-key";
import { retryAfterSeconds } from "@/lib/rate-limit/failure-limiter";

/** Called by a handler when the credential it checked was well-formed and unknown to the database (lib/verify's `unknown_key`). */
export type NoteUnknown = (credential: string) => void;

/**
 * The refused-check limit for a route of the authentication API (docs/security.md "Rate
 * limiting"). Nothing happens before the handler, and a valid credential is never refused: only an
 * answer for a well-formed unknown credential is looked at, after the handler, and it becomes a 429
 * while the client is blocked.
 */
export function limitUnknownCredentials(
  limiter: AuthFailureLimiter,
  refuse: (retryAfterS: number) => Reply,
  handler: (r: HttpRequest, noteUnknown: NoteUnknown) => Reply | Promise<Reply>,
): Handler {
  return async (r) => {
    let credential: string | undefined;
    const reply = await handler(r, (c) => (credential = c));
    if (credential === undefined) return reply;
    const verdict = judgeUnknownCredential(limiter, r.clientAddress(), credential);
    return verdict.limited ? refuse(retryAfterSeconds(verdict.retryAfterMs)) : reply;
  };
}

/**
 * The limiter's verdict on an unknown credential from `clientAddress` (the address server.ts
 * determined). Without an address the route is being called in-process (tests): nothing to limit.
 */
export function judgeUnknownCredential(limiter: AuthFailureLimiter, clientAddress: string | undefined | null, credential: string): RefusalVerdict {
  if (!limiter.enabled || !clientAddress) return { limited: false };
  return limiter.unknownCredential(clientKey(clientAddress), credential);
}
