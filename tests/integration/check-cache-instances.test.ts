// Key checks from memory on Postgres with two instances (issue 15): this process changes things
// through the dashboard's actions, as one instance would; a second instance (its own cache, its own
// key-check pool, its own LISTEN connection and lease: lib/cache/lease.ts) answers checks. Every
// change that can alter a check's answer is refused by the other instance's very next check; a
// change waits for the other instance to acknowledge it, or for its lease to run out; an instance
// whose LISTEN connection is cut stops answering from memory and comes back.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LEASE } from "@/db/change-barrier";
import { getDbHandle, schema, type Db } from "@/db/client";
import { createApiKey, deleteApiKey, endGracePeriodAction, rollApiKey, setApiKeyDisabledAction } from "@/lib/actions/api-keys";
import { deleteServiceAccount, setServiceAccountDisabled, updateServiceAccount } from "@/lib/actions/service-accounts";
import { saveKeyPolicy } from "@/lib/actions/settings";
import { deleteWorkspace } from "@/lib/actions/workspaces";
import { CheckCache } from "@/lib/cache";
import { CacheLease } from "@/lib/cache/lease";
import { verifyApiKey } from "@/lib/verify";
import { newAccount, newWorkspace } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs } from "../support/fixtures";
import { editPayload } from "../support/service-account-edits";

const handle = getDbHandle();
const onPostgres = handle.driver === "postgres";
const url = handle.driver === "postgres" ? handle.url : "";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Instance = { cache: CheckCache; lease: CacheLease; db: Db; check: (key: string, workspace?: string | null) => ReturnType<typeof verifyApiKey>; close: () => Promise<void> };
let other: Instance;
let admin: postgres.Sql;

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; !condition(); await sleep(20)) if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
}

/** A second instance in this process: what another server process would run. */
async function startInstance(name: string): Promise<Instance> {
  const cache = new CheckCache({ maxEntries: 1000, maxBytes: 8 * 1024 * 1024, ttlMs: 60_000 });
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzle({ client, schema }) as unknown as Db;
  const lease = new CacheLease(cache, url, LEASE, name);
  lease.start();
  await until(() => cache.isServing, `${name} serves`);
  return {
    cache,
    lease,
    db,
    check: (key, workspace = null) => verifyApiKey(key, workspace, db, cache),
    close: async () => {
      await lease.stop();
      await client.end({ timeout: 1 });
    },
  };
}

const ok = <T>(result: { ok: boolean; data?: T; message?: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result.data as T;
};

/** A key the other instance has just answered from memory. */
async function rememberedThere(fields: Record<string, string | string[]> = {}, workspace: string | null = null) {
  const account = await newAccount(fields);
  const key = ok<{ id: string; key: string }>(await createApiKey(null, form({ serviceAccountId: account.id, name: "cached" })));
  expect((await other.check(key.key, workspace)).valid).toBe(true);
  const hits = other.cache.snapshot().hits;
  expect((await other.check(key.key, workspace)).valid).toBe(true);
  expect(other.cache.snapshot().hits).toBe(hits + 1);
  return { account, key, ref: { serviceAccountId: account.id, keyId: key.id } };
}

describe.runIf(onPostgres)("two instances on Postgres", () => {
  beforeAll(async () => {
    signAs(await createAdministrator("admin"));
    admin = postgres(url, { max: 1, onnotice: () => {} });
    other = await startInstance("sa-test-other");
  });
  afterEach(() => {
    other.lease.hold = null;
  });
  afterAll(async () => {
    await other?.close();
    await admin?.end({ timeout: 1 });
  });

  it("the other instance refuses on its next check after Disable key, Delete key, and a roll's End grace period now", async () => {
    const disabled = await rememberedThere();
    ok(await setApiKeyDisabledAction(null, form({ ...disabled.ref, disabled: "true" })));
    expect(await other.check(disabled.key.key)).toMatchObject({ code: "disabled_key" });
    ok(await setApiKeyDisabledAction(null, form({ ...disabled.ref, disabled: "false" })));
    expect((await other.check(disabled.key.key)).valid).toBe(true);

    const deleted = await rememberedThere();
    ok(await deleteApiKey(null, form(deleted.ref)));
    expect(await other.check(deleted.key.key)).toMatchObject({ code: "unknown_key" });

    const rolled = await rememberedThere();
    ok(await rollApiKey(null, form({ ...rolled.ref, grace: "1h" })));
    expect((await other.check(rolled.key.key)).valid).toBe(true);
    ok(await endGracePeriodAction(null, form(rolled.ref)));
    expect(await other.check(rolled.key.key)).toMatchObject({ code: "expired_key" });
  });

  it("…after Disable and Delete service account, an edit of its workspaces, a deleted workspace and a new key policy", async () => {
    const disabled = await rememberedThere();
    ok(await setServiceAccountDisabled(null, form({ id: disabled.account.id, disabled: "true" })));
    expect(await other.check(disabled.key.key)).toMatchObject({ code: "disabled_account" });

    const deleted = await rememberedThere();
    ok(await deleteServiceAccount(null, form({ id: deleted.account.id, confirmName: deleted.account.name })));
    expect(await other.check(deleted.key.key)).toMatchObject({ code: "unknown_key" });

    const [wsA, wsB] = [await newWorkspace("inst-a"), await newWorkspace("inst-b")];
    const edited = await rememberedThere({ authorizedWorkspaceIds: [wsA.id, wsB.id] }, wsB.name);
    ok(await updateServiceAccount(null, await editPayload(edited.account.id, { authorizedWorkspaceIds: [wsA.id] })));
    expect(await other.check(edited.key.key, wsB.name)).toMatchObject({ code: "workspace_not_authorized" });

    const wsC = await newWorkspace("inst-c");
    const open = await rememberedThere({}, wsC.name);
    ok(await deleteWorkspace(null, form({ id: wsC.id })));
    expect(await other.check(open.key.key, wsC.name)).toMatchObject({ code: "unknown_workspace" });

    // A policy maximum shorter than the key's age: the key's creation is moved back by SQL, then
    // remembered; the policy change alone must end it.
    const old = await rememberedThere();
    await admin`update api_keys set created_at = now() - interval '40 days' where id = ${old.key.id}`;
    await admin`select pg_notify('sa_changes', 'test.sql_edit')`;
    await until(() => other.cache.snapshot().entries === 0, "the SQL edit is heard");
    expect((await other.check(old.key.key)).valid).toBe(true);
    expect((await other.check(old.key.key)).valid).toBe(true);
    ok(await saveKeyPolicy(null, form({ maxLifetimeDays: "30", defaultExpiryDays: "30" })));
    expect(await other.check(old.key.key)).toMatchObject({ code: "expired_key" });
    await admin`update key_policy set max_lifetime_days = null, default_expiry_days = null`;
  });

  it("a change does not return before the other instance has handled it", async () => {
    const { key, ref } = await rememberedThere();
    const held: string[] = [];
    other.lease.hold = (payload) => (payload.startsWith("p:") ? false : (held.push(payload), true));
    let returned = false;
    const deleting = deleteApiKey(null, form(ref)).then((result) => ((returned = true), result));
    await until(() => held.some((p) => p.startsWith("b:")), "the barrier reaches the other instance");
    await sleep(300);
    // Held: the other instance has not seen the delete, still answers from memory, and the delete waits.
    expect(returned).toBe(false);
    expect((await other.check(key.key)).valid).toBe(true);
    other.lease.hold = null;
    for (const payload of held) other.lease.handle(payload);
    ok(await deleting);
    expect(await other.check(key.key)).toMatchObject({ code: "unknown_key" });
  });

  it("an instance whose LISTEN connection stalls stops serving when its lease runs out; the change returns then, and is refused there", async () => {
    const { key, ref } = await rememberedThere();
    const restarts = other.lease.stats.listenRestarts;
    other.lease.hold = () => true;
    ok(await deleteApiKey(null, form(ref)));
    expect(other.cache.isServing).toBe(false);
    expect(await other.check(key.key)).toMatchObject({ code: "unknown_key" });
    // Its connection is replaced after LEASE.echoTimeoutMs; once notifications flow, it serves again.
    other.lease.hold = null;
    await until(() => other.lease.stats.listenRestarts > restarts && other.cache.isServing, "the other instance serves again");
    const next = await rememberedThere();
    ok(await setApiKeyDisabledAction(null, form({ ...next.ref, disabled: "true" })));
    expect(await other.check(next.key.key)).toMatchObject({ code: "disabled_key" });
  });

  it("an instance whose LISTEN connection is terminated (pg_terminate_backend) misses nothing, and serves again after", async () => {
    const { key, ref } = await rememberedThere();
    const [cut] = await admin<{ n: number }[]>`
      select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = ${other.lease.listenerName}`;
    expect(cut!.n).toBe(1);
    // Deleted while its LISTEN connection is down: the notification is lost to it.
    ok(await deleteApiKey(null, form(ref)));
    expect(await other.check(key.key)).toMatchObject({ code: "unknown_key" });
    await until(() => other.cache.isServing, "the other instance serves again");
    const next = await rememberedThere();
    ok(await deleteApiKey(null, form(next.ref)));
    expect(await other.check(next.key.key)).toMatchObject({ code: "unknown_key" });
  });

  it("an instance whose LISTEN connection drops while a change's transaction is open does not answer as if it had not happened", async () => {
    const { key, ref } = await rememberedThere();
    const locker = postgres(url, { max: 1, onnotice: () => {} });
    let deleting: ReturnType<typeof deleteApiKey> | undefined;
    try {
      await locker.begin(async (sql) => {
        // The delete's transaction waits on this row lock; meanwhile the other instance's LISTEN connection goes.
        await sql`select id from api_keys where id = ${ref.keyId} for update`;
        deleting = deleteApiKey(null, form(ref));
        await sleep(150);
        await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${other.lease.listenerName}`;
      });
    } finally {
      await locker.end({ timeout: 1 });
    }
    ok(await deleting!);
    expect(await other.check(key.key)).toMatchObject({ code: "unknown_key" });
    await until(() => other.cache.isServing, "the other instance serves again");
  });

  it("a change waits for nobody once the other instance has given its lease back", async () => {
    const leases = async () => (await admin<{ n: number }[]>`select count(*)::int as n from cache_instances where lease_until > now()`)[0]!.n;
    expect(await leases()).toBe(1);
    await other.close();
    expect(await leases()).toBe(0);
    other = await startInstance("sa-test-other-2");
    expect(await leases()).toBe(1);
  });
});
