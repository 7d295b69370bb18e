import { asc, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { apiKeys, serviceAccounts, serviceAccountWorkspaces, workspaces } from "../schema";

export const WORKSPACE_NAMES_LIMIT = 1000;

/** Names of the workspaces an account may use: its authorized set, or every workspace when unrestricted. */
export async function workspaceNamesForAccount(db: Db | Tx, serviceAccountId: string): Promise<string[]> {
  const authorized = await db
    .select({ name: workspaces.name })
    .from(serviceAccountWorkspaces)
    .innerJoin(workspaces, eq(workspaces.id, serviceAccountWorkspaces.workspaceId))
    .where(eq(serviceAccountWorkspaces.serviceAccountId, serviceAccountId))
    .orderBy(asc(workspaces.name))
    .limit(WORKSPACE_NAMES_LIMIT);
  if (authorized.length > 0) return authorized.map((w) => w.name);
  const all = await db.select({ name: workspaces.name }).from(workspaces).orderBy(asc(workspaces.name)).limit(WORKSPACE_NAMES_LIMIT);
  return all.map((w) => w.name);
}

export async function workspaceIdByName(db: Db | Tx, name: string): Promise<string | null> {
  const [row] = await db.select({ id: workspaces.id }).from(workspaces).where(sql`lower(${workspaces.name}) = lower(${name})`);
  return row?.id ?? null;
}

export async function workspaceNameById(db: Db | Tx, id: string): Promise<string | null> {
  const [row] = await db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, id));
  return row?.name ?? null;
}

/**
 * Records when keys were last used. `greatest` keeps the newest time when two instances flush the
 * same key out of order.
 */
export async function writeLastUsed(db: Db | Tx, uses: { keyId: string; serviceAccountId: string; at: Date }[]): Promise<void> {
  for (const use of uses) {
    const at = sql`${use.at.toISOString()}::timestamptz`;
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`greatest(coalesce(${apiKeys.lastUsedAt}, ${at}), ${at})` })
      .where(eq(apiKeys.id, use.keyId));
    await db
      .update(serviceAccounts)
      .set({ lastUsedAt: sql`greatest(coalesce(${serviceAccounts.lastUsedAt}, ${at}), ${at})` })
      .where(eq(serviceAccounts.id, use.serviceAccountId));
  }
}
