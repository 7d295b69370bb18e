import { LRUCache } from "lru-cache";
import type { FailureLimits } from "./config";

/** Whole seconds for a Retry-After header or a message: rounded up, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * How many keys (client addresses, email + address pairs) a limiter remembers at most. The least
 * recently failing ones are forgotten first when more arrive, so memory stays bounded whatever a
 * client sends (each entry is well under 200 bytes: ~10 MB at the bound). A client forgotten this
 * way starts afresh, which only a flood of distinct real addresses can cause.
 */
export const MAX_TRACKED_KEYS = 50_000;

type Entry = { failures: number; windowEndsAt: number; blockedUntil: number };

/**
 * Counts failures per key in this process's memory and refuses a key for `blockS` seconds once it
 * has `failures` of them within `windowS`: the first `failures` attempts get their ordinary answer,
 * the next one is refused. Successes are never counted. Memory only (an LRU bounded to
 * `maxKeys` entries), so asking costs no I/O. Times come from Date.now().
 */
export class FailureLimiter {
  readonly #entries: LRUCache<string, Entry> | null;

  constructor(
    readonly limits: FailureLimits,
    readonly name: string,
    maxKeys = MAX_TRACKED_KEYS,
  ) {
    this.#entries = limits.failures > 0 ? new LRUCache<string, Entry>({ max: maxKeys }) : null;
  }

  get enabled(): boolean {
    return this.#entries !== null;
  }

  /** How many keys are remembered now (for tests and metrics). */
  get size(): number {
    return this.#entries?.size ?? 0;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. Does not change the LRU order. */
  blockedMs(key: string, now = Date.now()): number {
    const entry = this.#entries?.peek(key);
    return entry && entry.blockedUntil > now ? entry.blockedUntil - now : 0;
  }

  /** Counts one failure. The one that uses up the allowance starts the block. */
  recordFailure(key: string, now = Date.now()): void {
    if (!this.#entries) return;
    const entry = this.#entries.get(key);
    if (entry && entry.blockedUntil > now) return; // already blocked: failures racing the check
    if (!entry || entry.windowEndsAt <= now) {
      this.#entries.set(key, { failures: 1, windowEndsAt: now + this.limits.windowS * 1000, blockedUntil: 0 });
      if (this.limits.failures === 1) this.#block(key, now);
      return;
    }
    entry.failures++;
    if (entry.failures >= this.limits.failures) this.#block(key, now);
  }

  #block(key: string, now: number): void {
    // The block starts a new window: after it the key starts afresh.
    const until = now + this.limits.blockS * 1000;
    this.#entries!.set(key, { failures: 0, windowEndsAt: until, blockedUntil: until });
  }

  /** Forgets the failures of `key` (after a successful sign-in). */
  reset(key: string): void {
    this.#entries?.delete(key);
  }
}
