import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { FailureLimits } from "./config";
import { FailureLimiter, MAX_TRACKED_KEYS } from "./failure-limiter";

/** What the limiter decides about one refused check (README "Rate limiting and security headers"). */
export type RefusalVerdict = { limited: false } | { limited: true; retryAfterMs: number };

/**
 * Refused checks of *unrecognised* credentials per client of the authentication API.
 *
 * - Only a well-formed credential that the database does not know counts: that is the only
 *   refusal that costs a lookup and the only thing a guesser produces. A value that fails the
 *   format or checksum test is refused without any database work and is never counted; a valid
 *   key refused for its workspace is a known credential, not a guess, and is never counted.
 * - A valid credential is never refused by the limiter, blocked client or not: the limit only
 *   turns further unknown credentials from that client into 429s. Behind Opik every check comes
 *   from the Opik backend's one address, so blocking the address would switch off every user.
 * - A credential that keeps being refused (a job retrying with a revoked key) counts once per window.
 * Memory is bounded: at most MAX_TRACKED_KEYS clients and twice that many (client, credential)
 * pairs, least recently used forgotten first. Only a hash of a refused value is kept.
 */
export class AuthFailureLimiter {
  readonly #failures: FailureLimiter;
  /** Which (client, credential) pairs were already counted, and until when. */
  readonly #counted: LRUCache<string, number> | null;

  constructor(
    readonly limits: FailureLimits,
    maxClients = MAX_TRACKED_KEYS,
  ) {
    this.#failures = new FailureLimiter(limits, "auth-api", maxClients);
    this.#counted = this.#failures.enabled ? new LRUCache<string, number>({ max: maxClients * 2 }) : null;
  }

  get enabled(): boolean {
    return this.#failures.enabled;
  }

  /** Clients and (client, credential) pairs remembered now. */
  get size(): { clients: number; pairs: number } {
    return { clients: this.#failures.size, pairs: this.#counted?.size ?? 0 };
  }

  /** Milliseconds until `client` may present unknown credentials again; 0 when it may now. */
  blockedMs(client: string, now = Date.now()): number {
    return this.#failures.blockedMs(client, now);
  }

  /**
   * A well-formed credential was looked up and is unknown. While `client` is blocked the answer
   * becomes a 429 (`limited`); otherwise the refusal is counted (once per credential and window)
   * and answered as usual.
   */
  unknownCredential(client: string, credential: string, now = Date.now()): RefusalVerdict {
    if (!this.#counted) return { limited: false };
    const blockedMs = this.#failures.blockedMs(client, now);
    if (blockedMs > 0) return { limited: true, retryAfterMs: blockedMs };
    const fingerprint = createHash("sha256").update(credential).digest("base64url").slice(0, 22);
    const pair = `${client} ${fingerprint}`;
    const countedUntil = this.#counted.get(pair);
    if (countedUntil !== undefined && countedUntil > now) return { limited: false };
    this.#counted.set(pair, now + this.limits.windowS * 1000);
    this.#failures.recordFailure(client, now);
    return { limited: false };
  }
}
