import { asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { type Role, workspaces } from "../schema";
import { ssoGroupMappings, ssoGroupMappingWorkspaces } from "../schema-sso";
import type { WorkspaceOption } from "./workspaces";

/**
 * One mapping as the sign-in applies it (lib/auth/sso-groups.ts): an IdP group → a role, a default
 * workspace (one of its workspaces, or null) and workspaces (none = every workspace).
 */
export type GroupMapping = { group: string; role: Role; defaultWorkspaceId: string | null; workspaceIds: string[]; /** Absent = on. */ seeUnmasked?: boolean };

/** A group mapping as the Settings page lists it (README "Single sign-on"), in the order applied. */
export type GroupMappingRow = {
  id: string;
  group: string;
  role: Role;
  /** See unmasked data for the people it maps. */
  seeUnmasked: boolean;
  defaultWorkspace: WorkspaceOption | null;
  /** Empty = every workspace. */
  workspaces: WorkspaceOption[];
};

/** Mappings are an administrator's short list (tens), never thousands. */
export const GROUP_MAPPING_LIMIT = 500;

async function workspacesOfMappings(db: Db | Tx, ids: string[]): Promise<Map<string, WorkspaceOption[]>> {
  const out = new Map<string, WorkspaceOption[]>();
  if (ids.length === 0) return out;
  const links = await db
    .select({ mappingId: ssoGroupMappingWorkspaces.mappingId, id: workspaces.id, name: workspaces.name })
    .from(ssoGroupMappingWorkspaces)
    .innerJoin(workspaces, eq(workspaces.id, ssoGroupMappingWorkspaces.workspaceId))
    .where(inArray(ssoGroupMappingWorkspaces.mappingId, ids))
    .orderBy(asc(workspaces.name));
  for (const { mappingId, ...ws } of links) out.set(mappingId, [...(out.get(mappingId) ?? []), ws]);
  return out;
}

/** Every mapping in the order they apply (the order added), with their workspaces by name. */
export async function listGroupMappings(db: Db | Tx, where?: ReturnType<typeof eq>): Promise<GroupMappingRow[]> {
  const rows = await db
    .select({
      id: ssoGroupMappings.id,
      group: ssoGroupMappings.groupName,
      role: ssoGroupMappings.role,
      seeUnmasked: ssoGroupMappings.seeUnmasked,
      defaultWorkspaceId: ssoGroupMappings.defaultWorkspaceId,
      defaultWorkspaceName: workspaces.name,
    })
    .from(ssoGroupMappings)
    .leftJoin(workspaces, eq(workspaces.id, ssoGroupMappings.defaultWorkspaceId))
    .where(where)
    .orderBy(asc(ssoGroupMappings.position))
    .limit(GROUP_MAPPING_LIMIT);
  const linked = await workspacesOfMappings(db, rows.map((r) => r.id));
  return rows.map(({ defaultWorkspaceId, defaultWorkspaceName, ...row }) => ({
    ...row,
    defaultWorkspace: defaultWorkspaceId && defaultWorkspaceName !== null ? { id: defaultWorkspaceId, name: defaultWorkspaceName } : null,
    workspaces: linked.get(row.id) ?? [],
  }));
}

export async function findGroupMapping(db: Db | Tx, id: string): Promise<GroupMappingRow | null> {
  return (await listGroupMappings(db, eq(ssoGroupMappings.id, id)))[0] ?? null;
}

/** The mappings as the sign-in applies them (lib/auth/sso-groups.ts), in order. */
export async function groupMappingsForSignIn(db: Db | Tx): Promise<GroupMapping[]> {
  return (await listGroupMappings(db)).map((m) => ({
    group: m.group,
    role: m.role,
    defaultWorkspaceId: m.defaultWorkspace?.id ?? null,
    workspaceIds: m.workspaces.map((w) => w.id),
    seeUnmasked: m.seeUnmasked,
  }));
}

/** Null when a mapping of this group exists already (the unique index decides). */
export async function insertGroupMapping(tx: Tx, input: { group: string; role: Role; defaultWorkspaceId: string | null; seeUnmasked?: boolean }): Promise<{ id: string } | null> {
  const [row] = await tx
    .insert(ssoGroupMappings)
    .values({ groupName: input.group, role: input.role, defaultWorkspaceId: input.defaultWorkspaceId, seeUnmasked: input.seeUnmasked ?? true })
    .onConflictDoNothing()
    .returning({ id: ssoGroupMappings.id });
  return row ?? null;
}

/** Null when another mapping has this group already. */
export async function updateGroupMappingRow(tx: Tx, id: string, input: { group: string; role: Role; defaultWorkspaceId: string | null; seeUnmasked?: boolean }): Promise<{ id: string } | null> {
  const [taken] = await tx
    .select({ id: ssoGroupMappings.id })
    .from(ssoGroupMappings)
    .where(sql`${ssoGroupMappings.groupName} = ${input.group} and ${ssoGroupMappings.id} <> ${id}`);
  if (taken) return null;
  const [row] = await tx
    .update(ssoGroupMappings)
    .set({ groupName: input.group, role: input.role, defaultWorkspaceId: input.defaultWorkspaceId, seeUnmasked: input.seeUnmasked })
    .where(eq(ssoGroupMappings.id, id))
    .returning({ id: ssoGroupMappings.id });
  return row ?? null;
}

export async function replaceGroupMappingWorkspaces(tx: Tx, id: string, workspaceIds: string[]): Promise<void> {
  await tx.delete(ssoGroupMappingWorkspaces).where(eq(ssoGroupMappingWorkspaces.mappingId, id));
  if (workspaceIds.length > 0) await tx.insert(ssoGroupMappingWorkspaces).values(workspaceIds.map((workspaceId) => ({ mappingId: id, workspaceId })));
}

export async function deleteGroupMappingRow(tx: Tx, id: string): Promise<boolean> {
  const rows = await tx.delete(ssoGroupMappings).where(eq(ssoGroupMappings.id, id)).returning({ id: ssoGroupMappings.id });
  return rows.length > 0;
}

/** The groups of the mappings that give this workspace (as default or among their workspaces), for Delete workspace. */
export async function groupMappingsUsingWorkspace(db: Db | Tx, workspaceId: string, limit = 10): Promise<string[]> {
  const rows = await db
    .selectDistinct({ group: ssoGroupMappings.groupName })
    .from(ssoGroupMappings)
    .leftJoin(ssoGroupMappingWorkspaces, eq(ssoGroupMappingWorkspaces.mappingId, ssoGroupMappings.id))
    .where(or(eq(ssoGroupMappings.defaultWorkspaceId, workspaceId), eq(ssoGroupMappingWorkspaces.workspaceId, workspaceId)))
    .orderBy(asc(ssoGroupMappings.groupName))
    .limit(limit);
  return rows.map((r) => r.group);
}

/** Whether single sign-on manages people's roles and workspaces: true once any mapping exists. */
export const groupMappingsExist = sql<boolean>`exists (select 1 from ${ssoGroupMappings})`;
