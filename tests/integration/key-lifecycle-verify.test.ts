// Issue 12 in lib/verify: a disabled account or key, an expiry, a roll's grace period and the key
// policy's maximum lifetime, each decided on the next check, at the exact instant (injected clock).
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, keyPolicy, serviceAccounts } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { verifyApiKey } from "@/lib/verify";
import { answerVerifyRequest } from "@/lib/verify/native-endpoint";
import { inProcess } from "../support/in-process";
import { newAccount, newKey } from "../support/api-key-fixtures";
import { createAdministrator, signAs } from "../support/fixtures";

/** In-process, as before: no client address, so no refused-check limit. */
const handleVerifyRequest = inProcess(answerVerifyRequest);

const DAY = 24 * 60 * 60 * 1000;
let account: { id: string; name: string };

async function key(name = "ci") {
  const k = await newKey(account.id, name);
  const [row] = await getDb().select({ createdAt: apiKeys.createdAt }).from(apiKeys).where(eq(apiKeys.id, k.id));
  return { ...k, createdAt: row!.createdAt.getTime() };
}
const setKey = (id: string, values: Partial<typeof apiKeys.$inferInsert>) => getDb().update(apiKeys).set(values).where(eq(apiKeys.id, id));
const at = (ms: number) => setClock(() => ms);

beforeAll(async () => {
  signAs(await createAdministrator("admin"));
  account = await newAccount();
});
afterEach(async () => {
  setClock(null);
  await getDb().update(keyPolicy).set({ maxLifetimeDays: null }).where(eq(keyPolicy.id, 1));
});

describe("expiry", () => {
  it("is valid until the instant before its expiry and refused from that instant, with the date", async () => {
    const k = await key();
    const end = k.createdAt + 7 * DAY;
    await setKey(k.id, { expiresAt: new Date(end) });
    at(end - 1);
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: true, expiresAt: new Date(end) });
    at(end);
    const refused = await verifyApiKey(k.key, null);
    expect(refused).toMatchObject({ valid: false, code: "expired_key", message: expect.stringContaining(new Date(end).toISOString().slice(0, 16).replace("T", " ")) });
    expect(JSON.stringify(refused)).not.toContain(k.key);
  });

  it("the policy's maximum lifetime applies to keys made before it, on every check", async () => {
    const k = await key();
    await getDb().update(keyPolicy).set({ maxLifetimeDays: 30 }).where(eq(keyPolicy.id, 1));
    at(k.createdAt + 30 * DAY - 1);
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: true, expiresAt: new Date(k.createdAt + 30 * DAY) });
    at(k.createdAt + 30 * DAY);
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: false, code: "expired_key", message: expect.stringMatching(/at most 30 days \(key policy\)/) });
    // Lifting the policy: the key works again (it never had an expiry of its own).
    await getDb().update(keyPolicy).set({ maxLifetimeDays: null }).where(eq(keyPolicy.id, 1));
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: true, expiresAt: null });
  });

  it("a rolled key works until its grace period ends, then says it was rolled", async () => {
    const k = await key();
    const graceEnd = k.createdAt + 60 * 60 * 1000;
    await setKey(k.id, { graceEndsAt: new Date(graceEnd), expiresAt: new Date(k.createdAt + 30 * DAY) });
    at(graceEnd - 1);
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: true, expiresAt: new Date(graceEnd) });
    at(graceEnd);
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: false, code: "expired_key", message: expect.stringMatching(/was rolled/) });
  });
});

describe("disabled", () => {
  it("a disabled key is refused with its own code and valid again once enabled", async () => {
    const k = await key("to-disable");
    await setKey(k.id, { disabledAt: new Date() });
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: false, code: "disabled_key", message: expect.stringMatching(/"to-disable".*is disabled/) });
    await setKey(k.id, { disabledAt: null });
    expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: true });
  });

  it("a disabled account refuses every key, and its keys' own states survive it", async () => {
    const other = await newAccount();
    const a = await newKey(other.id, "a");
    const b = await newKey(other.id, "b");
    await setKey(b.id, { disabledAt: new Date() });
    await getDb().update(serviceAccounts).set({ disabledAt: new Date() }).where(eq(serviceAccounts.id, other.id));
    for (const k of [a, b]) expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: false, code: "disabled_account" });
    await getDb().update(serviceAccounts).set({ disabledAt: null }).where(eq(serviceAccounts.id, other.id));
    expect(await verifyApiKey(a.key, null)).toMatchObject({ valid: true });
    expect(await verifyApiKey(b.key, null)).toMatchObject({ valid: false, code: "disabled_key" });
  });
});

describe("the native endpoint", () => {
  const post = (body: unknown) =>
    handleVerifyRequest(new Request("http://x/api/v1/keys/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));

  it("reports expiresAt, and the new refusal codes as 401", async () => {
    const k = await key();
    const end = k.createdAt + 90 * DAY;
    await setKey(k.id, { expiresAt: new Date(end) });
    const ok = await post({ key: k.key });
    expect(await ok.json()).toMatchObject({ valid: true, expiresAt: new Date(end).toISOString() });
    at(end);
    const expired = await post({ key: k.key });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ valid: false, code: "expired_key" });
    setClock(null);
    await setKey(k.id, { disabledAt: new Date() });
    const disabled = await post({ key: k.key });
    expect(disabled.status).toBe(401);
    expect(await disabled.json()).toMatchObject({ code: "disabled_key" });
  });
});
