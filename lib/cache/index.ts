import { getDbHandle } from "@/db/client";
import { affectsKeyChecks, CHANGE_CHANNEL, LEASE } from "@/db/change-barrier";
import { CheckCache, type CheckCacheOptions } from "./check-cache";
import { CacheLease } from "./lease";

export { CheckCache } from "./check-cache";

export const CACHE_DEFAULTS = { maxEntries: 100_000, maxMb: 64, ttlS: 60 } as const;

function whole(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const text = raw?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${text.slice(0, 40)}")`);
  return value;
}

/**
 * CHECK_CACHE_MAX_ENTRIES (0 turns the cache off), CHECK_CACHE_MAX_MB and CHECK_CACHE_TTL_S; null
 * when off. Checked at start-up (server.ts), so a typo stops the process with its reason.
 */
export function readCacheOptions(env: Record<string, string | undefined> = process.env): CheckCacheOptions | null {
  const maxEntries = whole("CHECK_CACHE_MAX_ENTRIES", env.CHECK_CACHE_MAX_ENTRIES, CACHE_DEFAULTS.maxEntries, 0, 10_000_000);
  const maxMb = whole("CHECK_CACHE_MAX_MB", env.CHECK_CACHE_MAX_MB, CACHE_DEFAULTS.maxMb, 1, 65_536);
  const ttlS = whole("CHECK_CACHE_TTL_S", env.CHECK_CACHE_TTL_S, CACHE_DEFAULTS.ttlS, 1, 86_400);
  return maxEntries === 0 ? null : { maxEntries, maxBytes: maxMb * 1024 * 1024, ttlMs: ttlS * 1000 };
}

type Store = { cache: CheckCache | null; lease: CacheLease | null };
const global = globalThis as typeof globalThis & { __serviceAccountsCheckCache?: Store };

/**
 * This process's cache (one per process: server.ts's lane and Next.js share it), or null when
 * turned off. It serves only while invalidations are sure to arrive:
 * - PGlite: one process holds the database, and PGlite calls a listener of the change channel
 *   while the changing transaction commits, before the change returns to whoever made it.
 * - Postgres: other instances change the database too; the instance serves only while it holds a
 *   fresh lease and its LISTEN connection is proven to deliver, and every change waits for every
 *   fresh lease (lib/cache/lease.ts, db/change-barrier.ts, README "Key checks from memory").
 */
export function checkCache(): CheckCache | null {
  return store().cache;
}

/** This instance's lease on Postgres (null on PGlite or with the cache off). */
export function checkCacheLease(): CacheLease | null {
  return store().lease;
}

function store(): Store {
  if (!global.__serviceAccountsCheckCache) {
    const options = readCacheOptions();
    const cache = options ? new CheckCache(options) : null;
    const state: Store = { cache, lease: null };
    global.__serviceAccountsCheckCache = state;
    if (cache) startInvalidation(cache, state);
  }
  return global.__serviceAccountsCheckCache;
}

function startInvalidation(cache: CheckCache, state: Store): void {
  const handle = getDbHandle();
  if (handle.driver === "postgres") {
    // Named after PGAPPNAME when set (as postgres.js names the pools), so an operator can tell
    // each instance's LISTEN and lease connections apart in pg_stat_activity.
    state.lease = new CacheLease(cache, handle.url, LEASE, `${process.env.PGAPPNAME?.trim() || "sa"}-check-cache`);
    state.lease.start();
    return;
  }
  handle.client
    .listen(CHANGE_CHANNEL, (action) => {
      if (affectsKeyChecks(action)) cache.invalidateAll();
    })
    .then(() => cache.setServing(true))
    .catch((error: unknown) => {
      // Without the listener nothing would evict: stay off, and every check reads the database.
      console.error(`[check-cache] off: could not listen for changes (${error instanceof Error ? error.name : "error"})`);
    });
}

/** Shutdown: give the lease back so that changes stop waiting for this instance. */
export async function stopCheckCache(): Promise<void> {
  await global.__serviceAccountsCheckCache?.lease?.stop();
}

/** Tests: forget this process's cache, so the next checkCache() reads the settings again. */
export async function resetCheckCacheForTests(): Promise<void> {
  await stopCheckCache();
  delete global.__serviceAccountsCheckCache;
}
