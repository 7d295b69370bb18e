// The Service Accounts table marks an account with a key that stops working within 7 days (issue 12
// item 3): its expiry or the key policy's maximum lifetime, decided in the list query for the instant
// the page is rendered at (`at`, so the boundaries are exact). A rolled key's grace period does not
// raise it (issue 27 item 4): the key that replaced it is what matters.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { apiKeys, keyPolicy } from "@/db/schema";
import { setServiceAccountDisabled } from "@/lib/actions/service-accounts";
import { serviceAccountListParamsSchema } from "@/lib/validations/service-accounts";
import { newAccount } from "../support/api-key-fixtures";
import { insertApiKey } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

const DAY = 24 * 60 * 60 * 1000;
const AT = new Date("2032-03-04T05:06:07.089Z");
const at = (ms: number) => new Date(AT.getTime() + ms);

/** The account's row on the Service Accounts page rendered at `when`. */
async function rowOf(name: string, when: Date = AT) {
  const page = await listServiceAccounts(getDb(), serviceAccountListParamsSchema.parse({ q: name }), when);
  const row = page.rows.find((r) => r.name === name);
  if (!row) throw new Error(`${name} not listed`);
  return row;
}
/** An account with one key whose columns are `values`; returns the account's name. */
async function accountWithKey(values: Partial<typeof apiKeys.$inferInsert>): Promise<string> {
  const account = await newAccount();
  const keyId = await insertApiKey(account.id, "k");
  await getDb().update(apiKeys).set(values).where(eq(apiKeys.id, keyId));
  return account.name;
}
const setMaxLifetime = (days: number | null) => getDb().update(keyPolicy).set({ maxLifetimeDays: days }).where(eq(keyPolicy.id, 1));

beforeAll(async () => signAs(await createAdministrator("admin")));
afterEach(() => setMaxLifetime(null));

describe("keyExpiresSoonAt", () => {
  it("an expiry exactly 7 days ahead is soon; a millisecond later is not", async () => {
    const edge = await accountWithKey({ expiresAt: at(7 * DAY) });
    const past = await accountWithKey({ expiresAt: at(7 * DAY + 1) });
    expect((await rowOf(edge)).keyExpiresSoonAt).toEqual(at(7 * DAY));
    expect((await rowOf(past)).keyExpiresSoonAt).toBeNull();
    // ...until the page is rendered a millisecond later.
    expect((await rowOf(past, at(1))).keyExpiresSoonAt).toEqual(at(7 * DAY + 1));
  });

  it("a key expiring at this very instant has expired, not 'expires soon'", async () => {
    const name = await accountWithKey({ expiresAt: at(0) });
    expect((await rowOf(name)).keyExpiresSoonAt).toBeNull();
    expect((await rowOf(name, at(-1))).keyExpiresSoonAt).toEqual(at(0));
  });

  it("the earliest end of the account's keys is shown", async () => {
    const account = await newAccount();
    const later = await insertApiKey(account.id, "later");
    const sooner = await insertApiKey(account.id, "sooner");
    await getDb().update(apiKeys).set({ expiresAt: at(5 * DAY) }).where(eq(apiKeys.id, later));
    await getDb().update(apiKeys).set({ expiresAt: at(2 * DAY) }).where(eq(apiKeys.id, sooner));
    expect((await rowOf(account.name)).keyExpiresSoonAt).toEqual(at(2 * DAY));
  });

  it("a rolled key in its grace period is not marked, whatever its own expiry; its replacement is", async () => {
    const account = await newAccount();
    const rolled = await insertApiKey(account.id, "rolled");
    const replacement = await insertApiKey(account.id, "replacement");
    await getDb().update(apiKeys).set({ expiresAt: at(3 * DAY), graceEndsAt: at(DAY), rolledToKeyId: replacement }).where(eq(apiKeys.id, rolled));
    expect((await rowOf(account.name)).keyExpiresSoonAt).toBeNull();
    await getDb().update(apiKeys).set({ expiresAt: at(6 * DAY) }).where(eq(apiKeys.id, replacement));
    expect((await rowOf(account.name)).keyExpiresSoonAt).toEqual(at(6 * DAY));
  });

  it("the policy's maximum lifetime counts from each key's creation", async () => {
    const name = await accountWithKey({ createdAt: at(-23 * DAY) });
    expect((await rowOf(name)).keyExpiresSoonAt).toBeNull();
    await setMaxLifetime(30);
    expect((await rowOf(name)).keyExpiresSoonAt).toEqual(at(7 * DAY));
    await setMaxLifetime(31);
    expect((await rowOf(name)).keyExpiresSoonAt).toBeNull();
  });

  it("a disabled key is not marked, nor a key without an end; the account's disabled state is listed", async () => {
    const off = await accountWithKey({ expiresAt: at(DAY), disabledAt: at(-DAY) });
    const never = await accountWithKey({ expiresAt: null });
    expect((await rowOf(off)).keyExpiresSoonAt).toBeNull();
    expect((await rowOf(never)).keyExpiresSoonAt).toBeNull();
    const account = await newAccount();
    expect((await rowOf(account.name)).disabledAt).toBeNull();
    await setServiceAccountDisabled(null, form({ id: account.id, disabled: "true" }));
    expect((await rowOf(account.name)).disabledAt).toBeInstanceOf(Date);
  });
});
