import type { Context, MiddlewareHandler } from "hono";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import type { AuthFailureLimiter, RefusalVerdict } from "@/lib/rate-limit/auth-api";
import { clientKey } from "@/lib/rate-limit/client-key";
import { retryAfterSeconds } from "@/lib/rate-limit/failure-limiter";

/**
 * `unknownCredential`: set by a handler when the credential it checked was well-formed and unknown
 * to the database (lib/verify's `unknown_key`): the only refusal the limiter looks at.
 */
export type AuthApiEnv = { Variables: { unknownCredential: string } };

type Refusal = (c: Context<AuthApiEnv>, retryAfterS: number) => Response;

/**
 * The refused-check limit for an endpoint of the Hono app (README "Rate limiting and security
 * headers"). Nothing happens before the handler, and a valid credential is never refused: only an
 * answer for a well-formed unknown credential is looked at, after the handler, and it becomes a 429
 * while the client is blocked.
 */
export function limitUnknownCredentials(limiter: AuthFailureLimiter, refuse: Refusal): MiddlewareHandler<AuthApiEnv> {
  return async (c, next) => {
    // Read before the handler: reading the body can rebuild the request's headers from the raw ones.
    const clientAddress = c.req.header(CLIENT_ADDRESS_HEADER);
    await next();
    const credential = c.get("unknownCredential");
    if (credential === undefined) return;
    const verdict = judgeUnknownCredential(limiter, clientAddress, credential);
    if (verdict.limited) c.res = refuse(c, retryAfterSeconds(verdict.retryAfterMs));
  };
}

/**
 * The limiter's verdict on an unknown credential from `clientAddress` (the address server.ts
 * determined). Without an address the app is being called in-process (tests): nothing to limit.
 */
export function judgeUnknownCredential(limiter: AuthFailureLimiter, clientAddress: string | undefined | null, credential: string): RefusalVerdict {
  if (!limiter.enabled || !clientAddress) return { limited: false };
  return limiter.unknownCredential(clientKey(clientAddress), credential);
}
