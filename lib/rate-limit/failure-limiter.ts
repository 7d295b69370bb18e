import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { FailureLimits } from "./config";

/** Whole seconds for a Retry-After header or a message: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Counts failures per key in this process's memory and refuses a key for `blockS` seconds once it
 * has `failures` of them within `windowS`: the first `failures` attempts get their ordinary answer,
 * the next one is refused. Successes are never counted. Memory only, so asking costs no I/O.
 */
export class FailureLimiter {
  readonly #counter: RateLimiterMemory | null;

  constructor(
    readonly limits: FailureLimits,
    name: string,
  ) {
    this.#counter =
      limits.failures > 0 ? new RateLimiterMemory({ keyPrefix: name, points: limits.failures, duration: limits.windowS }) : null;
  }

  get enabled(): boolean {
    return this.#counter !== null;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  async blockedMs(key: string): Promise<number> {
    const state = await this.#counter?.get(key);
    if (!state || state.consumedPoints < this.limits.failures) return 0;
    // An expired record may linger until its timer fires: not blocked then.
    return Math.max(state.msBeforeNext, 0);
  }

  /** Counts one failure. The one that uses up the allowance starts the block. */
  async recordFailure(key: string): Promise<void> {
    if (!this.#counter) return;
    let state: RateLimiterRes;
    try {
      state = await this.#counter.consume(key);
    } catch (rejected) {
      // Over the allowance already: concurrent failures that all passed the check. Still blocked.
      if (rejected instanceof RateLimiterRes) return;
      throw rejected;
    }
    if (state.consumedPoints >= this.limits.failures) await this.#counter.block(key, this.limits.blockS);
  }

  /** Forgets the failures of `key` (after a successful sign-in). */
  async reset(key: string): Promise<void> {
    await this.#counter?.delete(key);
  }
}
