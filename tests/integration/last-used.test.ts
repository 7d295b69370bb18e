import { inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { LAST_USED_CHUNK, writeLastUsed } from "@/db/queries/auth-api";
import { apiKeys, serviceAccounts } from "@/db/schema";
import { generateApiKey, hashApiKey, keyHint } from "@/lib/keys";
import { verifyApiKey } from "@/lib/verify";
import { lastUsed } from "@/lib/verify/last-used";
import { newAccount, newKey } from "../support/api-key-fixtures";
import { createAdministrator, signAs, uniqueName } from "../support/fixtures";

type Use = { keyId: string; serviceAccountId: string; at: Date };

const ACCOUNTS = 60;
const KEYS_PER_ACCOUNT = 40; // 2,400 keys: more than two statements' worth
let keys: { id: string; serviceAccountId: string }[] = [];
let accountIds: string[] = [];

beforeAll(async () => {
  signAs(await createAdministrator("admin"));
  const db = getDb();
  const accounts = await db
    .insert(serviceAccounts)
    .values(Array.from({ length: ACCOUNTS }, () => ({ name: uniqueName("used") })))
    .returning({ id: serviceAccounts.id });
  accountIds = accounts.map((a) => a.id);
  const rows = accounts.flatMap((a) =>
    Array.from({ length: KEYS_PER_ACCOUNT }, () => {
      const key = generateApiKey();
      return { serviceAccountId: a.id, hash: hashApiKey(key), hint: keyHint(key) };
    }),
  );
  for (let i = 0; i < rows.length; i += 1000) {
    keys.push(...(await db.insert(apiKeys).values(rows.slice(i, i + 1000)).returning({ id: apiKeys.id, serviceAccountId: apiKeys.serviceAccountId })));
  }
  expect(keys.length).toBeGreaterThan(2 * LAST_USED_CHUNK);
});

async function keyTimes(): Promise<Map<string, number | null>> {
  const rows = await getDb().select({ id: apiKeys.id, at: apiKeys.lastUsedAt }).from(apiKeys).where(inArray(apiKeys.serviceAccountId, accountIds));
  return new Map(rows.map((r) => [r.id, r.at?.getTime() ?? null]));
}

async function accountTimes(): Promise<Map<string, number | null>> {
  const rows = await getDb().select({ id: serviceAccounts.id, at: serviceAccounts.lastUsedAt }).from(serviceAccounts).where(inArray(serviceAccounts.id, accountIds));
  return new Map(rows.map((r) => [r.id, r.at?.getTime() ?? null]));
}

const base = Date.parse("2026-01-01T00:00:00Z");
const usesAt = (offsetMs: (i: number) => number): Use[] => keys.map((k, i) => ({ keyId: k.id, serviceAccountId: k.serviceAccountId, at: new Date(base + offsetMs(i)) }));

describe("writeLastUsed", () => {
  it("records every key of a batch larger than one statement, and each account's newest use", async () => {
    const uses = usesAt((i) => i * 1000);
    await writeLastUsed(getDb(), uses);
    const byKey = await keyTimes();
    for (const u of uses) expect(byKey.get(u.keyId)).toBe(u.at.getTime());
    const byAccount = await accountTimes();
    for (const id of accountIds) {
      const newest = Math.max(...uses.filter((u) => u.serviceAccountId === id).map((u) => u.at.getTime()));
      expect(byAccount.get(id)).toBe(newest);
    }
  });

  it("never moves a time backwards when an older batch arrives late", async () => {
    const before = await keyTimes();
    const accountsBefore = await accountTimes();
    await writeLastUsed(getDb(), usesAt(() => -86_400_000));
    expect(await keyTimes()).toEqual(before);
    expect(await accountTimes()).toEqual(accountsBefore);
  });

  it("two flushes of overlapping keys at once both finish, and the newest time wins", async () => {
    const later = usesAt((i) => 10_000_000 + i);
    const reversed = usesAt((i) => 20_000_000 + i).reverse();
    await Promise.all([writeLastUsed(getDb(), later), writeLastUsed(getDb(), reversed), writeLastUsed(getDb(), later.slice(500))]);
    const byKey = await keyTimes();
    keys.forEach((k, i) => expect(byKey.get(k.id)).toBe(base + 20_000_000 + i));
  });

  it("an empty batch writes nothing", async () => {
    await expect(writeLastUsed(getDb(), [])).resolves.toBeUndefined();
  });
});

describe("a successful key check is recorded by the background flush", () => {
  it("records the key and its account once flushed, not before", async () => {
    const account = await newAccount();
    const { id, key } = await newKey(account.id);
    const started = Date.now();
    expect((await verifyApiKey(key, null)).valid).toBe(true);
    const [before] = await getDb().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(inArray(apiKeys.id, [id]));
    expect(before?.at).toBeNull();
    await lastUsed().flush();
    const [after] = await getDb().select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(inArray(apiKeys.id, [id]));
    const [owner] = await getDb().select({ at: serviceAccounts.lastUsedAt }).from(serviceAccounts).where(inArray(serviceAccounts.id, [account.id]));
    expect(after?.at?.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(owner?.at?.getTime()).toBe(after?.at?.getTime());
  });
});
