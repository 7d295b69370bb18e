import type { Context, MiddlewareHandler } from "hono";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import type { AuthFailureLimiter } from "@/lib/rate-limit/auth-api";
import { clientKey } from "@/lib/rate-limit/client-key";
import { retryAfterSeconds } from "@/lib/rate-limit/failure-limiter";

/** `credential`: the key a handler read from the body (native verify); otherwise Authorization is used. */
export type AuthApiEnv = { Variables: { credential: string } };

type Refusal = (c: Context<AuthApiEnv>, retryAfterS: number) => Response;

/**
 * Failed-check limiting for an endpoint that checks a key (README "Rate limiting and security
 * headers"). Before the handler: one in-memory lookup of whether the client is blocked, no I/O.
 * After it: only a refused check (401/403) is counted; a success is never counted or slowed.
 */
export function limitRefusedChecks(limiter: AuthFailureLimiter, refuse: Refusal): MiddlewareHandler<AuthApiEnv> {
  return async (c, next) => {
    // server.ts sets this header on every request, replacing any value a client sent. Without it
    // the app is being called in-process (tests), where there is no client to limit.
    const address = c.req.header(CLIENT_ADDRESS_HEADER);
    if (!limiter.enabled || !address) return next();
    const client = clientKey(address);
    const blockedMs = await limiter.blockedMs(client);
    if (blockedMs > 0) return refuse(c, retryAfterSeconds(blockedMs));
    await next();
    if (c.res.status === 401 || c.res.status === 403) {
      await limiter.recordRefusal(client, c.get("credential") ?? c.req.header("authorization") ?? "");
    }
  };
}
