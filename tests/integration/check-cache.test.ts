// Key checks from memory (issue 15), as lib/verify uses the process's cache, on both drivers: a
// remembered key is answered without the database, and every change that can alter a check's answer
// is seen by the very next check; a remembered key still ends at the exact instant (the clock is
// injected). On Postgres this process's cache serves under its lease (lib/cache/lease.ts); a second
// instance is in check-cache-instances.test.ts.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { keyPolicy } from "@/db/schema";
import { createApiKey, deleteApiKey, endGracePeriodAction, rollApiKey, setApiKeyDisabledAction } from "@/lib/actions/api-keys";
import { deleteServiceAccount, setServiceAccountDisabled, updateServiceAccount } from "@/lib/actions/service-accounts";
import { saveKeyPolicy } from "@/lib/actions/settings";
import { deleteWorkspace } from "@/lib/actions/workspaces";
import { checkCache, resetCheckCacheForTests } from "@/lib/cache";
import { setClock } from "@/lib/clock";
import { verifyApiKey } from "@/lib/verify";
import { newAccount, newWorkspace } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs } from "../support/fixtures";
import { editPayload } from "../support/service-account-edits";

beforeAll(async () => {
  process.env.CHECK_CACHE_MAX_ENTRIES = "1000";
  await resetCheckCacheForTests();
  checkCache();
  signAs(await createAdministrator("admin"));
  // The listener (and on Postgres the lease) is set up in the background; the cache serves once it is.
  for (let i = 0; !checkCache()?.isServing && i < 250; i++) await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => {
  process.env.CHECK_CACHE_MAX_ENTRIES = "0";
  await resetCheckCacheForTests();
});
afterEach(() => setClock(null));

const hits = () => checkCache()!.snapshot().hits;
const ok = <T>(result: { ok: boolean; data?: T; message?: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result.data as T;
};

/** A key that has just been checked twice: on PGlite the second check came from memory. */
async function rememberedKey(fields: Record<string, string | string[]> = {}, workspace: string | null = null) {
  const account = await newAccount(fields);
  const key = ok<{ id: string; key: string }>(await createApiKey(null, form({ serviceAccountId: account.id, name: "cached" })));
  expect((await verifyApiKey(key.key, workspace)).valid).toBe(true);
  const before = hits();
  expect((await verifyApiKey(key.key, workspace)).valid).toBe(true);
  expect(hits() - before).toBe(1);
  return { account, key, ref: { serviceAccountId: account.id, keyId: key.id } };
}

describe("a remembered key", () => {
  it("is served from memory once the cache listens for changes", () => expect(checkCache()?.isServing).toBe(true));

  it("is refused on the next check after Disable key, and accepted after Enable key", async () => {
    const { key, ref } = await rememberedKey();
    ok(await setApiKeyDisabledAction(null, form({ ...ref, disabled: "true" })));
    expect(await verifyApiKey(key.key, null)).toMatchObject({ code: "disabled_key" });
    ok(await setApiKeyDisabledAction(null, form({ ...ref, disabled: "false" })));
    expect((await verifyApiKey(key.key, null)).valid).toBe(true);
  });

  it("is refused on the next check after Delete key, Disable service account and Delete service account", async () => {
    const first = await rememberedKey();
    ok(await deleteApiKey(null, form(first.ref)));
    expect(await verifyApiKey(first.key.key, null)).toMatchObject({ code: "unknown_key" });

    const second = await rememberedKey();
    ok(await setServiceAccountDisabled(null, form({ id: second.account.id, disabled: "true" })));
    expect(await verifyApiKey(second.key.key, null)).toMatchObject({ code: "disabled_account" });

    const third = await rememberedKey();
    ok(await deleteServiceAccount(null, form({ id: third.account.id, confirmName: third.account.name })));
    expect(await verifyApiKey(third.key.key, null)).toMatchObject({ code: "unknown_key" });
  });

  it("follows an edit of the account's workspaces and a deleted workspace on the next check", async () => {
    const [wsA, wsB] = [await newWorkspace("cache-a"), await newWorkspace("cache-b")];
    const { account, key } = await rememberedKey({ authorizedWorkspaceIds: [wsA.id, wsB.id] }, wsB.name);
    ok(await updateServiceAccount(null, await editPayload(account.id, { authorizedWorkspaceIds: [wsA.id] })));
    expect(await verifyApiKey(key.key, wsB.name)).toMatchObject({ code: "workspace_not_authorized" });

    const wsC = await newWorkspace("cache-c");
    const open = await rememberedKey({}, wsC.name);
    ok(await deleteWorkspace(null, form({ id: wsC.id })));
    expect(await verifyApiKey(open.key.key, wsC.name)).toMatchObject({ code: "unknown_workspace" });
  });

  it("ends with a roll's grace period (End grace period now) and with a new key policy's maximum", async () => {
    const { key, ref } = await rememberedKey();
    ok(await rollApiKey(null, form({ ...ref, grace: "1h" })));
    expect((await verifyApiKey(key.key, null)).valid).toBe(true);
    ok(await endGracePeriodAction(null, form(ref)));
    expect(await verifyApiKey(key.key, null)).toMatchObject({ code: "expired_key" });

    const old = await rememberedKey();
    setClock(() => Date.now() + 40 * 24 * 60 * 60 * 1000);
    expect((await verifyApiKey(old.key.key, null)).valid).toBe(true);
    ok(await saveKeyPolicy(null, form({ maxLifetimeDays: "30", defaultExpiryDays: "30" })));
    expect(await verifyApiKey(old.key.key, null)).toMatchObject({ code: "expired_key" });
    await getDb().update(keyPolicy).set({ maxLifetimeDays: null, defaultExpiryDays: null }).where(eq(keyPolicy.id, 1));
  });

  it("is refused at the exact instant it expires, from memory", async () => {
    // Checked once (remembered), then the clock moves to the instant before its end and to its end.
    const account = await newAccount();
    const expiring = ok<{ id: string; key: string; expiresAt: Date | null }>(await createApiKey(null, form({ serviceAccountId: account.id, name: "week", expires: "7" })));
    await verifyApiKey(expiring.key, null);
    const at = new Date(expiring.expiresAt!).getTime();
    setClock(() => at - 1);
    const before = hits();
    expect((await verifyApiKey(expiring.key, null)).valid).toBe(true);
    setClock(() => at);
    expect(await verifyApiKey(expiring.key, null)).toMatchObject({ code: "expired_key" });
    expect(hits() - before).toBe(2);
  });
});
