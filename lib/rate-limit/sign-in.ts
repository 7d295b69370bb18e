import { clientKey } from "./client-key";
import { readRateLimitConfig } from "./config";
import { FailureLimiter, retryAfterSeconds } from "./failure-limiter";

// One limiter per process: Next.js may load this module once per route bundle, and the sign-in
// form's action and Auth.js's own endpoint must count into the same place.
const store = globalThis as typeof globalThis & { __serviceAccountsSignInLimiter?: FailureLimiter };

/** Failed sign-ins per email + client address (LOGIN_RATE_LIMIT_*). */
export function signInLimiter(): FailureLimiter {
  store.__serviceAccountsSignInLimiter ??= new FailureLimiter(readRateLimitConfig().signIn, "sign-in");
  return store.__serviceAccountsSignInLimiter;
}

/** The limiter's key: the email as typed (trimmed, lower case) and the client's address. */
export function signInKey(email: string, clientAddress: string | null | undefined): string {
  return `${email.trim().toLowerCase()} ${clientKey(clientAddress ?? "")}`;
}

/** Seconds before this email may be tried again from this address; 0 when it may now. */
export async function signInRetryAfterS(email: string, clientAddress: string | null | undefined): Promise<number> {
  const ms = await signInLimiter().blockedMs(signInKey(email, clientAddress));
  return ms > 0 ? retryAfterSeconds(ms) : 0;
}

export function tooManySignInsMessage(retryAfterS: number): string {
  const minutes = Math.ceil(retryAfterS / 60);
  const wait = retryAfterS < 60 ? `${retryAfterS} second${retryAfterS === 1 ? "" : "s"}` : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return `Too many failed sign-ins for this email from your address. Try again in ${wait}.`;
}
