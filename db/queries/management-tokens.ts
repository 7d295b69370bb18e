import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, type Role } from "../schema";
import { managementTokens, type TokenAccess } from "../schema-api";

/** A token as the Settings page lists it: never its hash. */
export type ManagementTokenRow = {
  id: string;
  name: string;
  access: TokenAccess;
  hint: string;
  createdByEmail: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const listColumns = {
  id: managementTokens.id,
  name: managementTokens.name,
  access: managementTokens.access,
  hint: managementTokens.hint,
  createdByEmail: managementTokens.createdByEmail,
  createdAt: managementTokens.createdAt,
  expiresAt: managementTokens.expiresAt,
  lastUsedAt: managementTokens.lastUsedAt,
  revokedAt: managementTokens.revokedAt,
};

/** A listed token with its creator's role and state today (role null once removed), for its status. */
export type ManagementTokenListRow = ManagementTokenRow & { creatorRole: Role | null; creatorDisabledAt: Date | null };

/** Newest first; revoked ones stay listed (as revoked) for the record. */
export async function listManagementTokens(db: Db | Tx): Promise<ManagementTokenListRow[]> {
  return db
    .select({ ...listColumns, creatorRole: administrators.role, creatorDisabledAt: administrators.disabledAt })
    .from(managementTokens)
    .leftJoin(administrators, eq(administrators.id, managementTokens.createdBy))
    .orderBy(desc(managementTokens.createdAt), managementTokens.id)
    .limit(500);
}

export async function findManagementToken(db: Db | Tx, id: string): Promise<ManagementTokenRow | null> {
  const [row] = await db.select(listColumns).from(managementTokens).where(eq(managementTokens.id, id));
  return row ?? null;
}

export async function insertManagementToken(
  tx: Db | Tx,
  input: { name: string; access: TokenAccess; hash: string; hint: string; createdBy: string; createdByEmail: string; expiresAt: Date | null },
): Promise<ManagementTokenRow> {
  const [row] = await tx.insert(managementTokens).values(input).returning(listColumns);
  return row!;
}

/** Revokes a live token; null when it was revoked already (or never existed). */
export async function revokeManagementTokenRow(tx: Db | Tx, id: string, at: Date): Promise<ManagementTokenRow | null> {
  const [row] = await tx
    .update(managementTokens)
    .set({ revokedAt: at })
    .where(and(eq(managementTokens.id, id), isNull(managementTokens.revokedAt)))
    .returning(listColumns);
  return row ?? null;
}

/** The one lookup of every API request: by hash, with what the request needs to decide. */
export async function findManagementTokenByHash(db: Db | Tx, hash: string) {
  const [row] = await db
    .select({ ...listColumns, createdBy: managementTokens.createdBy, creatorRole: administrators.role, creatorDisabledAt: administrators.disabledAt })
    .from(managementTokens)
    .leftJoin(administrators, eq(administrators.id, managementTokens.createdBy))
    .where(eq(managementTokens.hash, hash));
  return row ?? null;
}

/** "Last used", written at most once a minute per token (every request would otherwise write). */
export async function touchManagementToken(db: Db | Tx, id: string, at: Date): Promise<void> {
  await db
    .update(managementTokens)
    .set({ lastUsedAt: at })
    .where(and(eq(managementTokens.id, id), or(isNull(managementTokens.lastUsedAt), lt(managementTokens.lastUsedAt, new Date(at.getTime() - 60_000)))));
}
