import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, serviceAccounts, serviceAccountWorkspaces, workspaces } from "@/db/schema";
import { generateApiKey, hashApiKey, keyHint } from "@/lib/keys";

/**
 * The data every contract test file starts from, inserted directly with drizzle (the dashboard is
 * not under test here). Plaintext keys exist only in this process's memory.
 */
export type Ws = { id: string; name: string };
export type Account = { id: string; name: string };
export type Fixtures = {
  ws: { teamA: Ws; teamB: Ws; other: Ws };
  accounts: {
    /** default team-a; authorized team-a and team-b (not other-ws) */
    restricted: Account;
    /** no default workspace, no authorized list: may use every workspace */
    open: Account;
    /** default team-b, no authorized list */
    openDefault: Account;
    /** default team-a, no authorized list; its key is used only by the "last used" tests */
    probe: Account;
  };
  keys: {
    restricted: string;
    open: string;
    openDefault: string;
    /** a second key of `restricted`, for deleting mid-test (Postgres) */
    revocable: string;
    /** issued, then deleted before the server started */
    deleted: string;
    /** its service account was deleted before the server started */
    ofDeletedAccount: string;
    probe: string;
  };
  keyIds: { restricted: string; open: string; openDefault: string; revocable: string; probe: string };
};

/** Every plaintext key the fixtures know, for "never echoed" checks. */
export const secrets: string[] = [];

/** A key of the account, with any other columns set as given (e.g. `disabledAt`, `expiresAt`, `createdAt`). */
export async function insertKey(
  db: Db,
  serviceAccountId: string,
  name: string,
  values: Partial<typeof apiKeys.$inferInsert> = {},
): Promise<{ id: string; key: string; hint: string; createdAt: Date }> {
  const key = generateApiKey();
  secrets.push(key);
  const [row] = await db
    .insert(apiKeys)
    .values({ serviceAccountId, name, hash: hashApiKey(key), hint: keyHint(key), ...values })
    .returning({ id: apiKeys.id, hint: apiKeys.hint, createdAt: apiKeys.createdAt });
  return { ...row!, key };
}

export async function insertAccount(db: Db, name: string, defaultWorkspaceId: string | null, authorized: string[]): Promise<Account> {
  const [row] = await db
    .insert(serviceAccounts)
    .values({ name, defaultWorkspaceId })
    .returning({ id: serviceAccounts.id, name: serviceAccounts.name });
  for (const workspaceId of authorized) {
    await db.insert(serviceAccountWorkspaces).values({ serviceAccountId: row!.id, workspaceId });
  }
  return row!;
}

export async function seedContractFixtures(db: Db): Promise<Fixtures> {
  const ws = async (name: string): Promise<Ws> => {
    const [row] = await db.insert(workspaces).values({ name }).returning({ id: workspaces.id, name: workspaces.name });
    return row!;
  };
  const teamA = await ws("team-a");
  const teamB = await ws("team-b");
  const other = await ws("other-ws");

  const restricted = await insertAccount(db, "svc-ci-bot", teamA.id, [teamA.id, teamB.id]);
  const open = await insertAccount(db, "svc-open", null, []);
  const openDefault = await insertAccount(db, "svc-open-default", teamB.id, []);
  const probe = await insertAccount(db, "svc-last-used-probe", teamA.id, []);
  const gone = await insertAccount(db, "svc-gone", teamA.id, []);

  const kRestricted = await insertKey(db, restricted.id, "main");
  const kRevocable = await insertKey(db, restricted.id, "revocable");
  const kOpen = await insertKey(db, open.id, "main");
  const kOpenDefault = await insertKey(db, openDefault.id, "main");
  const kProbe = await insertKey(db, probe.id, "main");
  const kDeleted = await insertKey(db, restricted.id, "deleted");
  await db.delete(apiKeys).where(eq(apiKeys.id, kDeleted.id));
  const kGone = await insertKey(db, gone.id, "main");
  await db.delete(serviceAccounts).where(eq(serviceAccounts.id, gone.id));

  return {
    ws: { teamA, teamB, other },
    accounts: { restricted, open, openDefault, probe },
    keys: {
      restricted: kRestricted.key,
      open: kOpen.key,
      openDefault: kOpenDefault.key,
      revocable: kRevocable.key,
      deleted: kDeleted.key,
      ofDeletedAccount: kGone.key,
      probe: kProbe.key,
    },
    keyIds: { restricted: kRestricted.id, open: kOpen.id, openDefault: kOpenDefault.id, revocable: kRevocable.id, probe: kProbe.id },
  };
}

/** `last_used_at` of the probe key and of its service account (null when never written). */
export async function probeLastUsed(db: Db, f: Fixtures): Promise<{ key: Date | null; account: Date | null }> {
  const [key] = await db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, f.keyIds.probe));
  const [account] = await db.select({ at: serviceAccounts.lastUsedAt }).from(serviceAccounts).where(eq(serviceAccounts.id, f.accounts.probe.id));
  return { key: key?.at ?? null, account: account?.at ?? null };
}

/** A key in the issued format (right prefix, length and checksum) that was never stored. */
export const unknownKey = (): string => generateApiKey();

/** Opik "smart key" suffix: `*` + base64 of `{"baseUrl":"http://x/"}` (OPIK-AUTH-CONTRACT.md §14.1). */
export const SMART_SUFFIX = `*${Buffer.from(JSON.stringify({ baseUrl: "http://x/" })).toString("base64")}`;

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; returns the last value. */
export async function poll<T>(check: () => Promise<T>, timeoutMs = 5_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
