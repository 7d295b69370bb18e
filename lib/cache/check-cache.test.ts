import { describe, expect, it } from "vitest";
import type { KeyLookup } from "@/db/queries/verify";
import { CheckCache } from "./check-cache";

const row = (keyId: string): KeyLookup => ({
  keyId,
  serviceAccountId: "a",
  serviceAccountName: "ci",
  defaultWorkspaceId: null,
  defaultWorkspaceName: null,
  requestedWorkspaceId: null,
  requestedWorkspaceName: null,
  restricted: false,
  requestedAuthorized: false,
  defaultAuthorized: false,
  keyName: null,
  keyHint: "opsa_…",
  keyCreatedAt: new Date(0),
  keyDisabled: false,
  accountDisabled: false,
  expiresAt: null,
  graceEndsAt: null,
  maxLifetimeDays: null,
  scope: "full",
  permissions: null,
});
const serving = (options: Partial<ConstructorParameters<typeof CheckCache>[0]> = {}) => {
  const cache = new CheckCache({ maxEntries: 100, maxBytes: 1024 * 1024, ttlMs: 60_000, ...options });
  cache.setServing(true);
  return cache;
};

describe("CheckCache", () => {
  it("answers a remembered key from memory, per workspace asked for", async () => {
    const cache = serving();
    let loads = 0;
    const load = async () => (loads++, row("k1"));
    expect(await cache.lookup("h1", "team-a", load)).toMatchObject({ keyId: "k1" });
    expect(await cache.lookup("h1", "team-a", load)).toMatchObject({ keyId: "k1" });
    expect(loads).toBe(1);
    await cache.lookup("h1", "team-b", load);
    await cache.lookup("h1", null, load);
    expect(loads).toBe(3);
    expect(cache.snapshot()).toMatchObject({ hits: 1, misses: 3, entries: 3 });
  });

  it("remembers unknown keys apart and bounded, so a flood of them leaves the working set alone", async () => {
    const cache = serving({ maxEntries: 10 });
    await cache.lookup("known", null, async () => row("k"));
    for (let i = 0; i < 1000; i++) expect(await cache.lookup(`made-up-${i}`, null, async () => null)).toBeNull();
    let loads = 0;
    await cache.lookup("known", null, async () => (loads++, row("k")));
    expect(loads).toBe(0);
    expect(cache.snapshot()).toMatchObject({ entries: 1, evictions: 0, unknownEntries: 1 });
    // The latest unknown key is answered from memory; a change forgets it too.
    expect(await cache.lookup("made-up-999", null, async () => (loads++, row("never")))).toBeNull();
    expect(loads).toBe(0);
    cache.invalidateAll();
    expect(await cache.lookup("made-up-999", null, async () => (loads++, null))).toBeNull();
    expect(loads).toBe(1);
  });

  it("an invalidation empties it, and a lookup that began before one is not remembered", async () => {
    const cache = serving();
    await cache.lookup("h", null, async () => row("old"));
    cache.invalidateAll();
    let release!: () => void;
    const slow = cache.lookup("h", null, () => new Promise<KeyLookup>((resolve) => (release = () => resolve(row("read before the change")))));
    cache.invalidateAll(); // a change commits while that lookup is on its way
    release();
    expect(await slow).toMatchObject({ keyId: "read before the change" });
    let loads = 0;
    expect(await cache.lookup("h", null, async () => (loads++, row("after")))).toMatchObject({ keyId: "after" });
    expect(loads).toBe(1);
    expect(cache.snapshot().invalidations).toBe(2);
  });

  it("is bounded in entries and in bytes, least recently used out first", async () => {
    const byCount = serving({ maxEntries: 3 });
    for (const h of ["a", "b", "c"]) await byCount.lookup(h, null, async () => row(h));
    await byCount.lookup("a", null, async () => row("a")); // a is now the most recent
    await byCount.lookup("d", null, async () => row("d"));
    let loads = 0;
    await byCount.lookup("b", null, async () => (loads++, row("b")));
    expect(loads).toBe(1); // b was the one pushed out
    expect(byCount.snapshot().evictions).toBeGreaterThanOrEqual(1);

    const byBytes = serving({ maxBytes: 4_000 });
    for (let i = 0; i < 50; i++) await byBytes.lookup(`h${i}`, null, async () => row(`k${i}`));
    expect(byBytes.snapshot().bytes).toBeLessThanOrEqual(4_000);
    expect(byBytes.snapshot().entries).toBeLessThan(50);
  });

  it("reads the database every time while not serving, and forgets everything when it stops", async () => {
    const cache = new CheckCache({ maxEntries: 100, maxBytes: 1024 * 1024, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => (loads++, row("k"));
    await cache.lookup("h", null, load);
    await cache.lookup("h", null, load);
    expect(loads).toBe(2);
    cache.setServing(true);
    await cache.lookup("h", null, load);
    cache.setServing(false);
    await cache.lookup("h", null, load);
    expect(loads).toBe(4);
    expect(cache.snapshot().entries).toBe(0);
  });

  it("hands out rows that cannot be changed by whoever reads them", async () => {
    const cache = serving();
    await cache.lookup("h", null, async () => row("k"));
    const remembered = await cache.lookup("h", null, async () => row("other"));
    expect(Object.isFrozen(remembered)).toBe(true);
  });

  it("serves until a lease's end without any timer, reads the database during a lapse and keeps what it holds across it", async () => {
    const cache = new CheckCache({ maxEntries: 100, maxBytes: 1024 * 1024, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => (loads++, row("k"));
    cache.serveUntil(performance.now() + 40);
    await cache.lookup("h", null, load);
    await cache.lookup("h", null, load);
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(cache.isServing).toBe(false);
    await cache.lookup("h", null, load);
    await cache.lookup("h2", null, load);
    expect(loads).toBe(3);
    // A renewal that came late (the lease's owner vouches that nothing was missed): serves what it held.
    cache.serveUntil(performance.now() - 1);
    expect(cache.isServing).toBe(false);
    cache.serveUntil(performance.now() + 10_000);
    expect(cache.snapshot()).toMatchObject({ entries: 1, lapses: 1 });
    expect(cache.snapshot().lapsedMs).toBeGreaterThan(0);
    await cache.lookup("h", null, load);
    expect(loads).toBe(3);
    // Renewed while serving: no lapse.
    cache.serveUntil(performance.now() + 20_000);
    expect(cache.snapshot().lapses).toBe(1);
  });

  it("forgets everything when told a change may have been missed, and counts why", async () => {
    const cache = new CheckCache({ maxEntries: 100, maxBytes: 1024 * 1024, ttlMs: 60_000 });
    cache.serveUntil(performance.now() + 10_000);
    const load = async () => row("k");
    await cache.lookup("h", null, load);
    cache.stopServing("reconnect");
    expect(cache.isServing).toBe(false);
    expect(cache.snapshot().entries).toBe(0);
    cache.serveUntil(performance.now() + 10_000);
    await cache.lookup("h", null, load);
    cache.invalidateAll();
    cache.stopServing("lease_lost");
    expect(cache.snapshot()).toMatchObject({ entries: 0, invalidations: 1, flushes: { change: 1, reconnect: 1, lease_lost: 1 } });
  });

  it("does not remember a lookup that ends after the lease did", async () => {
    const cache = new CheckCache({ maxEntries: 100, maxBytes: 1024 * 1024, ttlMs: 60_000 });
    cache.serveUntil(performance.now() + 20);
    await cache.lookup("h", null, async () => (await new Promise((r) => setTimeout(r, 40)), row("k")));
    expect(cache.snapshot().entries).toBe(0);
  });
});
