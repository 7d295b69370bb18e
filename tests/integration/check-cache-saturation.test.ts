// The check cache under saturation on Postgres (issue 28): one instance answers checks as fast as
// this process can send them while its lease renewals are held up (another connection holds its
// `cache_instances` row, as a database busy with the checks' misses would delay them), so its
// serving window closes before the renewal comes back: a lapse. The cache keeps what it holds
// across a lapse and serves it again once the renewal comes; a change made during a lapse still
// empties it, and no check of the revoked key sent after the change returned succeeds.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEASE } from "@/db/change-barrier";
import { getDbHandle, schema, type Db } from "@/db/client";
import { createApiKey, deleteApiKey } from "@/lib/actions/api-keys";
import { CheckCache } from "@/lib/cache";
import { CacheLease } from "@/lib/cache/lease";
import { verifyApiKey } from "@/lib/verify";
import { newAccount } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs } from "../support/fixtures";

const handle = getDbHandle();
const onPostgres = handle.driver === "postgres";
const url = handle.driver === "postgres" ? handle.url : "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const turn = () => new Promise((r) => setImmediate(r));

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !condition(); await sleep(5)) if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
}

type Key = { key: string; ref: { serviceAccountId: string; keyId: string } };
let cache: CheckCache;
let lease: CacheLease;
let client: postgres.Sql;
let db: Db;
const keys: Key[] = [];

/**
 * `connections` loops, each sending its next check when the last one is answered (a closed loop,
 * as a load generator's connections do); each check is a turn of the event loop of its own, as an
 * HTTP request is. `onCheck` sees every answer with the time its check was sent.
 */
function saturate(connections: number, onCheck: (key: Key, sentAt: number, valid: boolean) => void = () => {}) {
  let running = true;
  let checks = 0;
  const loops = Array.from({ length: connections }, async (_, i) => {
    for (let n = i; running; n += connections) {
      const key = keys[n % keys.length]!;
      const sentAt = performance.now();
      const result = await verifyApiKey(key.key, null, db, cache);
      checks++;
      onCheck(key, sentAt, result.valid);
      await turn();
    }
  });
  return {
    get checks() {
      return checks;
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return checks;
    },
  };
}

/**
 * Holds this instance's lease row from another connection until the serving window has closed
 * (the renewal under way waits for the row), then lets go: the renewal completes late, and its
 * echo opens a new window. `during` runs while the lapse lasts.
 */
async function lapse(during: () => Promise<void> = async () => {}): Promise<void> {
  const holder = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await holder.begin(async (sql) => {
      await sql`select id from cache_instances where id = ${lease.id} for update`;
      await until(() => !cache.isServing, "the serving window closes");
      await during();
    });
  } finally {
    await holder.end({ timeout: 1 });
  }
  await until(() => cache.isServing, "the instance serves again");
}

describe.runIf(onPostgres)("the check cache under saturation", () => {
  beforeAll(async () => {
    signAs(await createAdministrator("admin"));
    for (let i = 0; i < 40; i++) {
      const account = await newAccount();
      const result = await createApiKey(null, form({ serviceAccountId: account.id, name: "load" }));
      if (!result.ok) throw new Error(result.message);
      keys.push({ key: result.data!.key, ref: { serviceAccountId: account.id, keyId: result.data!.id } });
    }
    cache = new CheckCache({ maxEntries: 1000, maxBytes: 8 * 1024 * 1024, ttlMs: 600_000 });
    client = postgres(url, { max: 4, onnotice: () => {} });
    db = drizzle({ client, schema }) as unknown as Db;
    lease = new CacheLease(cache, url, LEASE, "sa-test-saturated");
    lease.start();
    await until(() => cache.isServing, "the instance serves");
  });
  afterAll(async () => {
    await lease?.stop();
    await client?.end({ timeout: 1 });
  });

  it("keeps its rows across late renewals while saturated, and serves them again: no key is read twice", async () => {
    for (const { key } of keys) expect((await verifyApiKey(key, null, db, cache)).valid).toBe(true);
    const before = cache.snapshot();
    const load = saturate(64);
    for (let i = 0; i < 3; i++) {
      await lapse();
      // Serving again: a few more checks from memory before the next lapse.
      const checks = load.checks;
      await until(() => load.checks > checks + 500, "more checks are answered");
    }
    const checks = await load.stop();
    const after = cache.snapshot();
    expect(after.lapses - before.lapses).toBeGreaterThanOrEqual(3);
    expect(after.flushes).toEqual(before.flushes);
    expect(after.entries).toBe(keys.length);
    // Every remembered key stayed remembered: none was read again after a lapse.
    expect(after.misses - before.misses).toBe(0);
    // The checks made while a window was closed read the database; all the others were hits.
    expect((after.hits - before.hits) / checks).toBeGreaterThan(0.8);
    expect(lease.stats).toMatchObject({ listenRestarts: 0, leaseLosses: 0 });
  });

  it("empties it at a change made during a lapse: no check of the deleted key succeeds after the delete returned", async () => {
    const target = keys[7]!;
    let deletedAt = Infinity;
    let acceptedAfter = 0;
    let checkedAfter = 0;
    const load = saturate(64, (key, sentAt, valid) => {
      if (key !== target || sentAt <= deletedAt) return;
      checkedAfter++;
      if (valid) acceptedAfter++;
    });
    const before = cache.snapshot();
    let deleting: Promise<unknown> | undefined;
    await lapse(async () => {
      // The delete commits and is announced while the window is closed and the renewal waits; it
      // returns once this instance has acknowledged it (after the lease row is let go).
      deleting = deleteApiKey(null, form(target.ref)).then((result) => {
        deletedAt = performance.now();
        return result;
      });
      await until(() => cache.snapshot().flushes.change > before.flushes.change, "the change reaches the instance");
    });
    expect(await deleting).toMatchObject({ ok: true });
    const checks = load.checks;
    await until(() => load.checks > checks + 2000, "more checks are answered");
    await load.stop();
    expect(cache.snapshot().flushes.change).toBe(before.flushes.change + 1);
    expect(checkedAfter).toBeGreaterThan(0);
    expect(acceptedAfter).toBe(0);
    expect(await verifyApiKey(target.key, null, db, cache)).toMatchObject({ code: "unknown_key" });
  });
});
