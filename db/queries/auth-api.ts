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

/** Keys per statement pair when recording key use: one round trip each, a short statement. */
export const LAST_USED_CHUNK = 250;

/**
 * Records when keys were last used: two statements per chunk of LAST_USED_CHUNK keys, however many
 * keys were used (one update per key and per account cost two round trips each and could not keep
 * up with a busy instance; README "Benchmarks"). `greatest` keeps the newest time when two
 * instances flush the same key out of order; rows are locked in id order so two instances
 * flushing overlapping keys at once queue instead of deadlocking. The uses travel as one JSON
 * parameter, which both drivers pass the same way. `skipAccount`: the key only (its account was
 * written moments ago for another of its keys).
 */
export async function writeLastUsed(
  db: Db | Tx,
  uses: { keyId: string; serviceAccountId: string; at: Date; skipAccount?: boolean }[],
): Promise<void> {
  for (let i = 0; i < uses.length; i += LAST_USED_CHUNK) {
    const chunk = uses.slice(i, i + LAST_USED_CHUNK);
    const keys = chunk.map((u) => ({ id: u.keyId, at: u.at.toISOString() }));
    const newestByAccount = new Map<string, Date>();
    for (const u of chunk) {
      if (u.skipAccount) continue;
      const seen = newestByAccount.get(u.serviceAccountId);
      if (!seen || seen < u.at) newestByAccount.set(u.serviceAccountId, u.at);
    }
    const accounts = [...newestByAccount].map(([id, at]) => ({ id, at: at.toISOString() }));
    await db.execute(touch(apiKeys, keys));
    if (accounts.length > 0) await db.execute(touch(serviceAccounts, accounts));
  }
}

function touch(table: typeof apiKeys | typeof serviceAccounts, rows: { id: string; at: string }[]) {
  return sql`with uses as (
      select id, at from json_to_recordset(${JSON.stringify(rows)}::json) as u(id uuid, at timestamptz)
    ), locked as (
      select t.id from ${table} t join uses on uses.id = t.id order by t.id for update of t
    )
    update ${table} set last_used_at = greatest(coalesce(${table.lastUsedAt}, uses.at), uses.at)
    from uses join locked on locked.id = uses.id
    where ${table.id} = uses.id`;
}
