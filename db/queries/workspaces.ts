import { asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, personWorkspaces, serviceAccounts, serviceAccountWorkspaces, workspaces } from "../schema";

export type WorkspaceDto = { id: string; name: string; createdAt: Date; serviceAccountCount: number; personCount: number };
export type WorkspaceOption = { id: string; name: string };

/** Upper bound for pickers and the Workspaces page; deployments have tens of workspaces, not thousands. */
export const WORKSPACE_LIST_LIMIT = 1000;

export async function listWorkspaces(db: Db | Tx): Promise<WorkspaceDto[]> {
  // Accounts that use a workspace either as their default or as an authorized workspace.
  // Correlated columns are spelled out: drizzle leaves single-table selects unqualified, and a
  // bare "id" inside the subquery would bind to the inner table.
  const usage = sql<number>`(
    select count(*)::int from ${serviceAccounts} sa
    where sa.default_workspace_id = "workspaces"."id"
       or exists (select 1 from ${serviceAccountWorkspaces} saw
                  where saw.service_account_id = sa.id and saw.workspace_id = "workspaces"."id")
  )`;
  // People the same way: default workspace or authorized (the administrators table holds people).
  const people = sql<number>`(
    select count(*)::int from ${administrators} p
    where p.default_workspace_id = "workspaces"."id"
       or exists (select 1 from ${personWorkspaces} pw
                  where pw.person_id = p.id and pw.workspace_id = "workspaces"."id")
  )`;
  return db
    .select({ id: workspaces.id, name: workspaces.name, createdAt: workspaces.createdAt, serviceAccountCount: usage, personCount: people })
    .from(workspaces)
    .orderBy(asc(workspaces.name))
    .limit(WORKSPACE_LIST_LIMIT);
}

export async function listWorkspaceOptions(db: Db | Tx): Promise<WorkspaceOption[]> {
  return db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .orderBy(asc(workspaces.name))
    .limit(WORKSPACE_LIST_LIMIT);
}

export async function findWorkspacesByIds(db: Db | Tx, ids: string[]): Promise<WorkspaceOption[]> {
  if (ids.length === 0) return [];
  return db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(inArray(workspaces.id, ids));
}

export async function findWorkspaceById(db: Db | Tx, id: string): Promise<WorkspaceOption | null> {
  const [row] = await db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(eq(workspaces.id, id));
  return row ?? null;
}

/** The workspace of that exact name (names are lowercase: the lookup uses the lower(name) index). */
export async function findWorkspaceByName(db: Db | Tx, name: string): Promise<WorkspaceOption | null> {
  const [row] = await db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(sql`lower(${workspaces.name}) = ${name}`);
  return row && row.name === name ? row : null;
}

/** Returns null when the name is taken (in any letter case) or, with an `id`, when that id is. */
export async function insertWorkspace(tx: Db | Tx, name: string, id?: string): Promise<WorkspaceOption | null> {
  const [row] = await tx
    .insert(workspaces)
    .values(id ? { id, name } : { name })
    .onConflictDoNothing()
    .returning({ id: workspaces.id, name: workspaces.name });
  return row ?? null;
}

/** Names of the service accounts that use the workspace, for the refusal message. */
export async function serviceAccountsUsingWorkspace(db: Db | Tx, workspaceId: string, limit = 10): Promise<string[]> {
  const rows = await db
    .select({ name: serviceAccounts.name })
    .from(serviceAccounts)
    .where(
      or(
        eq(serviceAccounts.defaultWorkspaceId, workspaceId),
        sql`exists (select 1 from ${serviceAccountWorkspaces} saw
                    where saw.service_account_id = "service_accounts"."id" and saw.workspace_id = ${workspaceId})`,
      ),
    )
    .orderBy(asc(serviceAccounts.name))
    .limit(limit + 1);
  return rows.map((r) => r.name);
}

/** Emails of the people who use the workspace (default or authorized), for the refusal message. */
export async function peopleUsingWorkspace(db: Db | Tx, workspaceId: string, limit = 10): Promise<string[]> {
  const rows = await db
    .select({ email: administrators.email })
    .from(administrators)
    .where(
      or(
        eq(administrators.defaultWorkspaceId, workspaceId),
        sql`exists (select 1 from ${personWorkspaces} pw
                    where pw.person_id = "administrators"."id" and pw.workspace_id = ${workspaceId})`,
      ),
    )
    .orderBy(asc(administrators.email))
    .limit(limit + 1);
  return rows.map((r) => r.email);
}

export async function deleteWorkspaceRow(tx: Db | Tx, id: string): Promise<WorkspaceOption | null> {
  const [row] = await tx.delete(workspaces).where(eq(workspaces.id, id)).returning({ id: workspaces.id, name: workspaces.name });
  return row ?? null;
}
