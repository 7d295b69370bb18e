// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { and, count, desc, eq } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { apiKeys, type KeyScope } from "../schema";

/** What the dashboard may see of a key: never the hash. */
export type ApiKeyDto = {
  id: string;
  name: string | null;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  disabledAt: Date | null;
  expiresAt: Date | null;
  lifetimeS: number | null;
  graceEndsAt: Date | null;
  rolledToKeyId: string | null;
  scope: KeyScope;
  permissions: string[] | null;
  /** Set on a key a token exchange minted (Keyless CI): the identity token's subject and issuer. */
  issuedSubject: string | null;
  issuedIssuer: string | null;
};

const dtoColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  hint: apiKeys.hint,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  disabledAt: apiKeys.disabledAt,
  expiresAt: apiKeys.expiresAt,
  lifetimeS: apiKeys.lifetimeS,
  graceEndsAt: apiKeys.graceEndsAt,
  rolledToKeyId: apiKeys.rolledToKeyId,
  scope: apiKeys.scope,
  permissions: apiKeys.permissions,
  issuedSubject: apiKeys.issuedSubject,
  issuedIssuer: apiKeys.issuedIssuer,
};

/** Keys per account are few (a limit keeps a runaway script from making the modal unusable). */
export const MAX_KEYS_PER_ACCOUNT = 100;

export async function listApiKeys(db: Db | Tx, serviceAccountId: string): Promise<ApiKeyDto[]> {
  return db
    .select(dtoColumns)
    .from(apiKeys)
    .where(eq(apiKeys.serviceAccountId, serviceAccountId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(MAX_KEYS_PER_ACCOUNT);
}

export async function countApiKeys(db: Db | Tx, serviceAccountId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiKeys).where(eq(apiKeys.serviceAccountId, serviceAccountId));
  return row?.n ?? 0;
}

export async function insertApiKey(
  tx: Db | Tx,
  input: { serviceAccountId: string; name: string | null; hash: string; hint: string; createdBy: string | null; expiresAt: Date | null; lifetimeS: number | null; scope: KeyScope; permissions: string[] | null; issuedSubject?: string | null; issuedIssuer?: string | null },
): Promise<ApiKeyDto> {
  const [row] = await tx.insert(apiKeys).values(input).returning(dtoColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Deletes only when the key belongs to the given account. */
export async function deleteApiKeyRow(tx: Db | Tx, serviceAccountId: string, keyId: string) {
  const [row] = await tx
    .delete(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.serviceAccountId, serviceAccountId)))
    .returning({ id: apiKeys.id, name: apiKeys.name, hint: apiKeys.hint });
  return row ?? null;
}

/** One key of one account, locked for the rest of the transaction (a roll, a disable, two at once). */
export async function lockApiKey(tx: Tx, serviceAccountId: string, keyId: string): Promise<ApiKeyDto | null> {
  const [row] = await tx
    .select(dtoColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.serviceAccountId, serviceAccountId)))
    .for("update");
  return row ?? null;
}

export async function updateApiKeyLife(
  tx: Db | Tx,
  keyId: string,
  set: Partial<{ disabledAt: Date | null; graceEndsAt: Date | null; rolledToKeyId: string | null }>,
): Promise<ApiKeyDto | null> {
  const [row] = await tx.update(apiKeys).set(set).where(eq(apiKeys.id, keyId)).returning(dtoColumns);
  return row ?? null;
}

/** The key this one replaced in a roll, if any (its grace period may still run). */
export async function findRolledFrom(tx: Db | Tx, serviceAccountId: string, keyId: string): Promise<ApiKeyDto | null> {
  const [row] = await tx
    .select(dtoColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.serviceAccountId, serviceAccountId), eq(apiKeys.rolledToKeyId, keyId)))
    .limit(1);
  return row ?? null;
}
