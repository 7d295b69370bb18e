import { getDbHandle } from "@/db/client";
import { CHANGE_CHANNEL } from "@/db/queries/audit";
import { CheckCache, type CheckCacheOptions } from "./check-cache";

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

type Store = { cache: CheckCache | null };
const global = globalThis as typeof globalThis & { __serviceAccountsCheckCache?: Store };

/**
 * This process's cache (one per process: server.ts's lane and Next.js share it), or null when
 * turned off. It serves only once invalidations are sure to arrive:
 * - PGlite: one process holds the database, and PGlite calls a listener of the change channel
 *   while the changing transaction commits, before the change returns to whoever made it.
 * - Postgres: other instances change the database too; serving from memory there needs each
 *   instance to LISTEN and the change to wait for every instance (README): until that is built,
 *   the cache stays off on Postgres and every check reads the database.
 */
export function checkCache(): CheckCache | null {
  if (!global.__serviceAccountsCheckCache) {
    const options = readCacheOptions();
    const cache = options ? new CheckCache(options) : null;
    global.__serviceAccountsCheckCache = { cache };
    if (cache) void startInvalidation(cache);
  }
  return global.__serviceAccountsCheckCache.cache;
}

async function startInvalidation(cache: CheckCache): Promise<void> {
  const handle = getDbHandle();
  if (handle.driver !== "pglite") return;
  try {
    await handle.client.listen(CHANGE_CHANNEL, () => cache.invalidateAll());
    cache.setServing(true);
  } catch (error) {
    // Without the listener nothing would evict: stay off, and every check reads the database.
    console.error(`[check-cache] off: could not listen for changes (${error instanceof Error ? error.name : "error"})`);
  }
}

/** Tests: forget this process's cache, so the next checkCache() reads the settings again. */
export function resetCheckCacheForTests(): void {
  delete global.__serviceAccountsCheckCache;
}
