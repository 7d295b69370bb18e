// Issue 12, the key's life in lib/domain: Expires on Add key (against the key policy), Disable/Enable
// key, Roll key with a grace period, End grace period now, the policy itself. Each change decides
// the next lib/verify call; the clock is injected, nothing sleeps.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, auditEvents, keyPolicy } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { createApiKey, deleteApiKey } from "@/lib/domain/api-keys";
import { endGracePeriod, rollApiKey, setApiKeyDisabled, setKeyPolicy } from "@/lib/domain/key-lifecycle";
import type { MutationContext } from "@/lib/domain/service-accounts";
import { keyPolicySchema } from "@/lib/validations/key-lifecycle";
import { verifyApiKey } from "@/lib/verify";
import { newAccount } from "../support/api-key-fixtures";
import { createAdministrator, signAs } from "../support/fixtures";

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2030, 0, 15, 12, 0, 0);
let ctx: MutationContext;
let account: { id: string; name: string };

async function add(fields: Partial<Parameters<typeof createApiKey>[0]> = {}) {
  const result = await createApiKey({ serviceAccountId: account.id, name: "ci", ...fields }, ctx);
  if (!result.ok) throw new Error(result.message);
  return result.data!;
}
const policy = (maxLifetimeDays: number | null, defaultExpiryDays: number | null) =>
  getDb().update(keyPolicy).set({ maxLifetimeDays, defaultExpiryDays }).where(eq(keyPolicy.id, 1));
const valid = async (key: string) => (await verifyApiKey(key, null)).valid;

beforeAll(async () => {
  const admin = await createAdministrator("admin");
  signAs(admin);
  ctx = { actor: { id: admin.id, email: admin.email }, clientAddress: "203.0.113.5" };
  account = await newAccount();
});
afterEach(async () => {
  setClock(null);
  await policy(null, null);
});

describe("Expires on Add key", () => {
  it.each([["7", 7], ["30", 30], ["90", 90], ["365", 365]] as const)("%s days: refused from exactly that instant", async (choice, days) => {
    setClock(() => T0);
    const k = await add({ expires: choice });
    expect(k.expiresAt).toEqual(new Date(T0 + days * DAY));
    expect(k.lifetimeS).toBe(days * 86400);
    setClock(() => T0 + days * DAY - 1);
    expect(await valid(k.key)).toBe(true);
    setClock(() => T0 + days * DAY);
    expect(await verifyApiKey(k.key, null)).toMatchObject({ code: "expired_key" });
  });

  it("a date works through that whole day (UTC); Never never expires", async () => {
    setClock(() => T0);
    const k = await add({ expires: "date", expiresOn: "2030-02-01" });
    expect(k.expiresAt).toEqual(new Date(Date.UTC(2030, 1, 2)));
    expect(k.lifetimeS).toBeNull();
    expect((await add({ expires: "never" })).expiresAt).toBeNull();
  });

  it.each([
    ["2030-01-15", /after today/],
    ["2020-01-01", /after today/],
    ["2030-02-30", /does not exist/],
    ["2099-01-01", /within 10 years/],
    ["15/02/2030", /YYYY-MM-DD/],
    ["", /YYYY-MM-DD/],
  ])("refuses the date %j inline", async (expiresOn, message) => {
    setClock(() => T0);
    const result = await createApiKey({ serviceAccountId: account.id, name: "x", expires: "date", expiresOn }, ctx);
    expect(result).toMatchObject({ ok: false, fieldErrors: { expiresOn: [expect.stringMatching(message)] } });
  });

  it("follows the key policy: its default when nothing is chosen, no Never and nothing longer under a maximum", async () => {
    setClock(() => T0);
    await policy(90, 30);
    expect((await add()).expiresAt).toEqual(new Date(T0 + 30 * DAY));
    for (const fields of [{ expires: "never" as const }, { expires: "365" as const }, { expires: "date" as const, expiresOn: "2030-06-01" }]) {
      const result = await createApiKey({ serviceAccountId: account.id, name: "x", ...fields }, ctx);
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, message: expect.stringMatching(/at most 90 days/) });
    }
    expect((await add({ expires: "90" })).expiresAt).toEqual(new Date(T0 + 90 * DAY));
  });
});

describe("Disable key / Enable key", () => {
  it("takes effect on the next check and is audited; another account's key is refused", async () => {
    const k = await add();
    expect(await setApiKeyDisabled({ serviceAccountId: account.id, keyId: k.id, disabled: true }, ctx)).toMatchObject({ ok: true });
    expect(await verifyApiKey(k.key, null)).toMatchObject({ code: "disabled_key" });
    expect(await setApiKeyDisabled({ serviceAccountId: account.id, keyId: k.id, disabled: false }, ctx)).toMatchObject({ ok: true });
    expect(await valid(k.key)).toBe(true);
    const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, k.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["api_key.create", "api_key.disable", "api_key.enable"]));
    const other = await newAccount();
    expect(await setApiKeyDisabled({ serviceAccountId: other.id, keyId: k.id, disabled: true }, ctx)).toMatchObject({ ok: false, message: expect.stringMatching(/does not exist on/) });
    expect(await valid(k.key)).toBe(true);
  });
});

describe("Roll key", () => {
  it("reveals a new key with the old one's name and rule; the old one works for the grace period, then is refused", async () => {
    setClock(() => T0);
    const old = await add({ name: "deploy", expires: "30" });
    setClock(() => T0 + 10 * DAY);
    const rolled = await rollApiKey({ serviceAccountId: account.id, keyId: old.id, grace: "1h" }, ctx);
    expect(rolled).toMatchObject({ ok: true, data: { name: "deploy", lifetimeS: 30 * 86400, expiresAt: new Date(T0 + 40 * DAY) } });
    const next = rolled.ok ? rolled.data! : null;
    expect(next!.key).not.toBe(old.key);
    expect(await valid(old.key)).toBe(true);
    expect(await valid(next!.key)).toBe(true);
    setClock(() => T0 + 10 * DAY + 60 * 60 * 1000);
    expect(await verifyApiKey(old.key, null)).toMatchObject({ code: "expired_key", message: expect.stringMatching(/rolled/) });
    expect(await valid(next!.key)).toBe(true);
  });

  it("refuses a second roll while a grace period runs; End grace period now ends it at once", async () => {
    setClock(() => T0);
    const old = await add({ name: "twice" });
    const first = await rollApiKey({ serviceAccountId: account.id, keyId: old.id, grace: "24h" }, ctx);
    if (!first.ok) throw new Error(first.message);
    expect(await rollApiKey({ serviceAccountId: account.id, keyId: old.id, grace: "1h" }, ctx)).toMatchObject({ ok: false, message: expect.stringMatching(/rolled already/) });
    expect(await rollApiKey({ serviceAccountId: account.id, keyId: first.data!.id, grace: "1h" }, ctx)).toMatchObject({ ok: false, message: expect.stringMatching(/still works until/) });
    expect(await endGracePeriod({ serviceAccountId: account.id, keyId: old.id }, ctx)).toMatchObject({ ok: true });
    expect(await verifyApiKey(old.key, null)).toMatchObject({ code: "expired_key" });
    expect(await endGracePeriod({ serviceAccountId: account.id, keyId: old.id }, ctx)).toMatchObject({ ok: false, message: expect.stringMatching(/no grace period/) });
    expect(await rollApiKey({ serviceAccountId: account.id, keyId: first.data!.id, grace: "now" }, ctx)).toMatchObject({ ok: true });
    expect(await verifyApiKey(first.data!.key, null)).toMatchObject({ code: "expired_key" });
  });

  it("a roll and a delete of the same key at once: one wins, nothing half-written", async () => {
    const k = await add({ name: "race" });
    const [rolled, deleted] = await Promise.all([
      rollApiKey({ serviceAccountId: account.id, keyId: k.id, grace: "1h" }, ctx),
      deleteApiKey({ serviceAccountId: account.id, keyId: k.id }, ctx),
    ]);
    expect(deleted.ok).toBe(true);
    expect(await valid(k.key)).toBe(false);
    const named = await getDb().select().from(apiKeys).where(eq(apiKeys.serviceAccountId, account.id));
    const raceKeys = named.filter((r) => r.name === "race");
    // Rolled first: the new key stays (with no predecessor); deleted first: the roll was refused and made nothing.
    expect(raceKeys).toHaveLength(rolled.ok ? 1 : 0);
    if (!rolled.ok) expect(rolled.message).toMatch(/does not exist/);
  });
});

describe("the key policy", () => {
  it("checks its two values against each other", () => {
    expect(keyPolicySchema.safeParse({ maxLifetimeDays: "90", defaultExpiryDays: "365" }).success).toBe(false);
    expect(keyPolicySchema.safeParse({ maxLifetimeDays: "90", defaultExpiryDays: "" }).success).toBe(false);
    expect(keyPolicySchema.safeParse({ maxLifetimeDays: "0", defaultExpiryDays: "" }).success).toBe(false);
    expect(keyPolicySchema.safeParse({ maxLifetimeDays: "", defaultExpiryDays: "30" }).data).toEqual({ maxLifetimeDays: null, defaultExpiryDays: 30 });
  });

  it("applies its maximum to older keys on the next check, and is audited", async () => {
    const k = await add({ expires: "never" });
    setClock(() => k.createdAt.getTime() + 31 * DAY);
    expect(await valid(k.key)).toBe(true);
    expect(await setKeyPolicy({ maxLifetimeDays: 30, defaultExpiryDays: 30 }, ctx)).toMatchObject({ ok: true });
    expect(await verifyApiKey(k.key, null)).toMatchObject({ code: "expired_key", message: expect.stringMatching(/at most 30 days/) });
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "key_policy.update"));
    expect(event?.details).toMatchObject({ after: { maxLifetimeDays: 30 } });
  });
});
