import { readRateLimitConfig } from "@/lib/rate-limit/config";
import { AuthFailureLimiter } from "@/lib/rate-limit/auth-api";

/**
 * Refused key checks per client address, shared by every endpoint that checks a key (README "Rate
 * limiting and security headers"). Created when server.ts loads the authentication API, so an
 * invalid AUTH_/LOGIN_RATE_LIMIT_* value stops the start-up.
 */
export const refusedChecks = new AuthFailureLimiter(readRateLimitConfig().authApi);
