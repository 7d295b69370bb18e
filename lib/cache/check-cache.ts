import { LRUCache } from "lru-cache";
import type { KeyLookup } from "@/db/queries/verify";

/**
 * Key checks from memory (issue 15, README "Key checks from memory"). What is kept is the row of
 * the one indexed lookup a check makes (db/queries/verify.ts), not the check's answer: lib/verify
 * decides on it afresh each time with the clock, so a remembered key is refused at the very instant
 * it expires or its grace period ends. What can change a row (any change of a key, an account, a
 * workspace, the key policy) is announced on commit (db/queries/audit.ts) and empties the cache.
 *
 * - Keyed by the key's SHA-256 and the workspace name asked for: the hash is the only part derived
 *   from the secret; the key itself is never held.
 * - Keys that do not exist are remembered too, apart (their own LRU, a tenth of the entries): a
 *   flood of made-up keys cycles through that one and never pushes the working set out. A
 *   remembered "unknown" can never hide a new key: a key is 190 random bits, so no key created later
 *   has the hash of one looked up before, and a key that once existed never exists again after its
 *   delete. Every change empties both anyway.
 * - A lookup that began before an invalidation is not remembered (the generation it began in is
 *   gone): it may have read the database before the change committed.
 * - Bounded in entries and in bytes (lru-cache, least recently used out first); an entry also
 *   lives at most `ttlMs`, which bounds what a change made outside this service (SQL by hand)
 *   can leave behind.
 */
export type CheckCacheOptions = { maxEntries: number; maxBytes: number; ttlMs: number };
/**
 * Why the cache was emptied (`sa_check_cache_flushes_total{reason}`): a change was announced; the
 * LISTEN connection broke or was replaced after it stalled, so notifications may have been lost;
 * the lease ran out in the database, so changes may have stopped waiting for this instance.
 */
export const FLUSH_REASONS = ["change", "reconnect", "lease_lost"] as const;
export type FlushReason = (typeof FLUSH_REASONS)[number];
export type CheckCacheStats = {
  hits: number;
  misses: number;
  evictions: number;
  invalidations: number;
  flushes: Record<FlushReason, number>;
  /** Serving windows that closed before their renewal arrived, and the time spent so (ms). */
  lapses: number;
  lapsedMs: number;
  entries: number;
  bytes: number;
  unknownEntries: number;
};

const cacheKey = (hash: string, workspaceName: string | null) => `${hash}\u0000${workspaceName ?? ""}`;

/**
 * Rough bytes of a remembered row: V8 keeps these ASCII strings at one byte a character, so the
 * JSON length plus the key, plus ~300 bytes for the object, the map entry and LRU bookkeeping.
 * Measured: 30,000 rows added 23 MiB of resident memory (bench/README.md); this says ~26 MB.
 */
const sizeOf = (row: KeyLookup, key: string) => JSON.stringify(row).length + key.length + 300;

export class CheckCache {
  private readonly lru: LRUCache<string, KeyLookup>;
  private readonly unknown: LRUCache<string, true>;
  private generation = 0;
  /** performance.now() until which checks may be answered from memory: Infinity on PGlite, a lease's end on Postgres. */
  private servingUntil = 0;
  private readonly stats = { hits: 0, misses: 0, evictions: 0, invalidations: 0, lapses: 0, lapsedMs: 0 };
  private readonly flushes: Record<FlushReason, number> = { change: 0, reconnect: 0, lease_lost: 0 };

  constructor(options: CheckCacheOptions) {
    this.lru = new LRUCache<string, KeyLookup>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: (row, key) => sizeOf(row, key),
      ttl: options.ttlMs,
      dispose: (_row, _key, reason) => {
        if (reason === "evict") this.stats.evictions++;
      },
    });
    this.unknown = new LRUCache<string, true>({ max: Math.max(1, Math.ceil(options.maxEntries / 10)), ttl: options.ttlMs });
  }

  /** PGlite: serving from memory is allowed from now on (invalidations are sure to arrive). */
  setServing(serving: boolean): void {
    if (serving) this.servingUntil = Infinity;
    else this.stopServing(null);
  }

  /**
   * Serve until `deadline` (performance.now() time), then read the database again. Checked at
   * every lookup, so no timer has to fire for serving to stop. A window that closed before this
   * renewal came is a lapse: the cache read the database meanwhile, and keeps what it holds (issue
   * 28). The caller grants a window only when no change can have been missed since the rows were
   * read (lib/cache/lease.ts: an unbroken LISTEN connection under a lease that never ran out);
   * when one may have been, it calls stopServing(), which forgets.
   */
  serveUntil(deadline: number): void {
    const now = performance.now();
    if (deadline <= now || deadline <= this.servingUntil) return;
    this.endLapse(now);
    this.servingUntil = deadline;
  }

  /** Counts a lapse that ends now (served again, or stopped), if the window had closed. */
  private endLapse(now: number): void {
    if (this.servingUntil > 0 && this.servingUntil < now) {
      this.stats.lapses++;
      this.stats.lapsedMs += now - this.servingUntil;
    }
  }

  /** Stops serving and forgets everything: changes may have been missed (`reason`, counted; null: not counted). */
  stopServing(reason: FlushReason | null): void {
    this.endLapse(performance.now());
    this.servingUntil = 0;
    this.forget(reason);
  }

  get isServing(): boolean {
    return this.servingUntil === Infinity || performance.now() < this.servingUntil;
  }

  /**
   * The row remembered for this key and workspace: the row, null for a key remembered as unknown,
   * or undefined when nothing is remembered (or the cache does not serve). Synchronous: a check
   * answered from memory makes no promise on its way (lib/verify).
   */
  peek(hash: string, workspaceName: string | null): KeyLookup | null | undefined {
    if (!this.isServing) return undefined;
    const key = cacheKey(hash, workspaceName);
    const remembered = this.lru.get(key);
    if (remembered) {
      this.stats.hits++;
      return remembered;
    }
    if (this.unknown.get(key)) {
      this.stats.hits++;
      return null;
    }
    return undefined;
  }

  /** The lookup's row from memory, or from `load` (remembered when nothing changed meanwhile). */
  async lookup(hash: string, workspaceName: string | null, load: () => Promise<KeyLookup | null>): Promise<KeyLookup | null> {
    const remembered = this.peek(hash, workspaceName);
    if (remembered !== undefined) return remembered;
    return this.load(hash, workspaceName, load);
  }

  /** After a peek found nothing: reads with `load`, and remembers the row unless a change came meanwhile. */
  async load(hash: string, workspaceName: string | null, load: () => Promise<KeyLookup | null>): Promise<KeyLookup | null> {
    if (!this.isServing) return load();
    this.stats.misses++;
    const began = this.generation;
    const row = await load();
    if (began === this.generation && this.isServing) {
      const key = cacheKey(hash, workspaceName);
      if (row) this.lru.set(key, Object.freeze(row));
      else this.unknown.set(key, true);
    }
    return row;
  }

  /** A change committed: nothing remembered before it may answer again. */
  invalidateAll(): void {
    this.stats.invalidations++;
    this.forget("change");
  }

  /** Empties the cache; a lookup under way is not remembered. `reason` is counted when given. */
  forget(reason: FlushReason | null = null): void {
    if (reason) this.flushes[reason]++;
    this.generation++;
    this.lru.clear();
    this.unknown.clear();
  }

  snapshot(): CheckCacheStats {
    return { ...this.stats, flushes: { ...this.flushes }, entries: this.lru.size, bytes: this.lru.calculatedSize, unknownEntries: this.unknown.size };
  }
}
