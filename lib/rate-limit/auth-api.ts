import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { FailureLimits } from "./config";
import { FailureLimiter } from "./failure-limiter";

/**
 * Refused key checks per client of the authentication API. A credential that keeps being refused
 * (a job with a revoked key retrying, an SDK pointed at the wrong workspace) counts once per
 * window: an Opik backend is one address for all of its users, and one misconfigured user must
 * not get every other user refused. Guessing keys means presenting new ones, and each counts.
 */
export class AuthFailureLimiter {
  readonly #failures: FailureLimiter;
  /** Which (client, credential) pairs were already counted in the current window. */
  readonly #counted: RateLimiterMemory | null;

  constructor(limits: FailureLimits) {
    this.#failures = new FailureLimiter(limits, "auth-api");
    this.#counted = this.#failures.enabled
      ? new RateLimiterMemory({ keyPrefix: "auth-api-counted", points: 1, duration: limits.windowS })
      : null;
  }

  get enabled(): boolean {
    return this.#failures.enabled;
  }

  /** Milliseconds until `client` is served again; 0 when it is served now. Memory only. */
  blockedMs(client: string): Promise<number> {
    return this.#failures.blockedMs(client);
  }

  /** Counts a refused check of `credential` (the raw value sent; only its hash is kept). */
  async recordRefusal(client: string, credential: string): Promise<void> {
    if (!this.#counted) return;
    const fingerprint = createHash("sha256").update(credential).digest("base64url").slice(0, 22);
    try {
      await this.#counted.consume(`${client} ${fingerprint}`);
    } catch (rejected) {
      if (rejected instanceof RateLimiterRes) return; // this credential was counted already
      throw rejected;
    }
    await this.#failures.recordFailure(client);
  }
}
