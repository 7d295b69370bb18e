// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Tx } from "@/db/client";
import { countAdmins, findPerson, replacePersonWorkspaces, updatePersonRow, type PersonRow } from "@/db/queries/administrators";
import { recordAuditEvent } from "@/db/queries/audit";
import { endCredentialsOfPerson } from "@/db/queries/person-credentials";
import {
  deleteGroupMappingRow,
  findGroupMapping,
  insertGroupMapping,
  replaceGroupMappingWorkspaces,
  updateGroupMappingRow,
  type GroupMappingRow,
} from "@/db/queries/sso-mappings";
import type { GroupAccess } from "@/lib/auth/sso-groups";
import type { ActionResult } from "@/lib/validations/action-result";
import type { AddGroupMappingInput, UpdateGroupMappingInput } from "@/lib/validations/sso-mappings";
import { isLastBreakGlassAdmin } from "./break-glass";
import type { MutationContext } from "./service-accounts";
import { endSessionsOfPerson } from "./sessions";
import { authorizedForAudit, checkWorkspaceChoice, workspaceChoiceValues, workspaceGoneRefusal } from "./workspace-choice";

export const MAPPING_GONE = "This group mapping no longer exists.";
const NEEDS_ATTENTION = "Some fields need attention.";
const groupTakenMessage = (group: string) => `The group "${group}" is mapped already. Edit that mapping instead.`;
const APPLIES_WHEN = "applies at each person's next single sign-on";

type MappingFields = { group: string; role: string; seeUnmasked: boolean; defaultWorkspace: string | null; workspaces: string[] | "all" };

function fieldsOf(input: AddGroupMappingInput, names: Map<string, string>): MappingFields {
  return {
    group: input.group,
    role: input.role,
    seeUnmasked: input.seeUnmasked ?? true,
    defaultWorkspace: input.defaultWorkspaceId ? (names.get(input.defaultWorkspaceId) ?? null) : null,
    workspaces: authorizedForAudit(input.authorizedWorkspaceIds, names),
  };
}

function storedFields(row: GroupMappingRow): MappingFields {
  const names = new Map(row.workspaces.map((w) => [w.id, w.name]));
  return { group: row.group, role: row.role, seeUnmasked: row.seeUnmasked, defaultWorkspace: row.defaultWorkspace?.name ?? null, workspaces: authorizedForAudit([...names.keys()], names) };
}

/** Add mapping (Settings page): the mapping, its workspaces and the audit event in one transaction. */
export async function createGroupMapping(input: AddGroupMappingInput, ctx: MutationContext): Promise<ActionResult<{ id: string }>> {
  const values = { group: input.group, role: input.role, ...workspaceChoiceValues(input) };
  try {
    return await getDb().transaction(async (tx): Promise<ActionResult<{ id: string }>> => {
      const { fieldErrors, names } = await checkWorkspaceChoice(tx, input);
      if (Object.keys(fieldErrors).length > 0) return { ok: false, message: NEEDS_ATTENTION, fieldErrors, values };
      const created = await insertGroupMapping(tx, input);
      if (!created) return { ok: false, message: groupTakenMessage(input.group), fieldErrors: { group: [groupTakenMessage(input.group)] }, values };
      await replaceGroupMappingWorkspaces(tx, created.id, input.authorizedWorkspaceIds);
      const { group, ...details } = fieldsOf(input, names);
      await recordAuditEvent(tx, {
        actor: ctx.actor,
        action: "sso_group_mapping.create",
        targetType: "sso_group_mapping",
        targetId: created.id,
        targetName: group,
        clientAddress: ctx.clientAddress,
        details,
      });
      return { ok: true, message: `Group "${input.group}" mapped to ${input.role}; ${APPLIES_WHEN}`, data: created };
    });
  } catch (error) {
    const refused = workspaceGoneRefusal(error, values);
    if (refused) return refused;
    throw error;
  }
}

/** Edit mapping: every field replaces what is stored; the audit event names what changed. */
export async function updateGroupMapping(input: UpdateGroupMappingInput, ctx: MutationContext): Promise<ActionResult> {
  const values = { group: input.group, role: input.role, ...workspaceChoiceValues(input) };
  try {
    return await getDb().transaction(async (tx): Promise<ActionResult> => {
      const stored = await findGroupMapping(tx, input.id);
      if (!stored) return { ok: false, message: MAPPING_GONE };
      const { fieldErrors, names } = await checkWorkspaceChoice(tx, input);
      if (Object.keys(fieldErrors).length > 0) return { ok: false, message: NEEDS_ATTENTION, fieldErrors, values };
      const before = storedFields(stored);
      const after = fieldsOf(input, names);
      const changes = Object.fromEntries(
        (Object.keys(after) as (keyof MappingFields)[])
          .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
          .map((k) => [k, { from: before[k], to: after[k] }]),
      );
      if (Object.keys(changes).length === 0) return { ok: true, message: `Nothing to change for the group "${stored.group}"` };
      if (!(await updateGroupMappingRow(tx, stored.id, input))) return { ok: false, message: groupTakenMessage(input.group), fieldErrors: { group: [groupTakenMessage(input.group)] }, values };
      await replaceGroupMappingWorkspaces(tx, stored.id, input.authorizedWorkspaceIds);
      await recordAuditEvent(tx, {
        actor: ctx.actor,
        action: "sso_group_mapping.update",
        targetType: "sso_group_mapping",
        targetId: stored.id,
        targetName: input.group,
        clientAddress: ctx.clientAddress,
        details: changes,
      });
      return { ok: true, message: `Mapping of the group "${input.group}" saved; it ${APPLIES_WHEN}` };
    });
  } catch (error) {
    const refused = workspaceGoneRefusal(error, values);
    if (refused) return refused;
    throw error;
  }
}

/** Remove mapping: people who had access only through it are refused at their next single sign-on. */
export async function removeGroupMapping(input: { id: string }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx): Promise<ActionResult> => {
    const stored = await findGroupMapping(tx, input.id);
    if (!stored || !(await deleteGroupMappingRow(tx, stored.id))) return { ok: false, message: MAPPING_GONE };
    const { group, ...details } = storedFields(stored);
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "sso_group_mapping.remove",
      targetType: "sso_group_mapping",
      targetId: stored.id,
      targetName: group,
      clientAddress: ctx.clientAddress,
      details,
    });
    return { ok: true, message: `Mapping of the group "${group}" removed; people without another mapped group are refused at their next single sign-on` };
  });
}

/** The audit record's view of a person's workspaces before and after: names, "all" for every workspace. */
function workspaceChanges(before: PersonRow, after: PersonRow) {
  const named = (p: PersonRow) => authorizedForAudit(p.authorizedWorkspaces.map((w) => w.id), new Map(p.authorizedWorkspaces.map((w) => [w.id, w.name])));
  return {
    defaultWorkspace: { from: before.defaultWorkspace?.name ?? null, to: after.defaultWorkspace?.name ?? null },
    authorizedWorkspaces: { from: named(before), to: named(after) },
  };
}

/**
 * What a person's groups give, applied in the sign-in's transaction: role, default workspace and
 * authorized workspaces. A new role ends their other sessions (granted under the old one); new
 * workspaces end their Opik-web-UI credentials. The last admin who can sign in keeps the admin
 * role (the audit event says so): the dashboard is never left without one. One audit event when
 * anything changed. The caller (lib/domain/sso.ts) holds lockPeople already.
 */
export async function applyGroupAccess(tx: Tx, personId: string, access: GroupAccess, clientAddress: string | null): Promise<void> {
  const person = await findPerson(tx, personId);
  if (!person) return;
  const demoted = person.role === "admin" && access.role !== "admin";
  const keptLastAdmin = demoted && (await countAdmins(tx)) <= 1;
  // While AUTH_PASSWORD_SIGN_IN=false the last enabled admin with a password stays one too (break-glass).
  const keptBreakGlass = demoted && !keptLastAdmin && (await isLastBreakGlassAdmin(tx, person.id));
  const kept = keptLastAdmin || keptBreakGlass;
  const role = kept ? "admin" : access.role;
  const authorizedIds = access.workspaceIds === "all" ? [] : access.workspaceIds;
  const beforeIds = person.authorizedWorkspaces.map((w) => w.id).sort();
  const workspacesChanged = beforeIds.join() !== [...authorizedIds].sort().join() || (person.defaultWorkspace?.id ?? null) !== access.defaultWorkspaceId;
  const roleChanged = role !== person.role;
  const unmaskedChanged = access.seeUnmasked !== person.seeUnmasked;
  if (!roleChanged && !workspacesChanged && !unmaskedChanged && !kept) return;
  await updatePersonRow(tx, person.id, { name: person.name, role, defaultWorkspaceId: access.defaultWorkspaceId, seeUnmasked: access.seeUnmasked });
  if (workspacesChanged) await replacePersonWorkspaces(tx, person.id, authorizedIds);
  const after = workspacesChanged ? await findPerson(tx, person.id) : null;
  const sessionsEnded = roleChanged ? await endSessionsOfPerson(tx, person.id, "role_change") : 0;
  const credentialsEnded = workspacesChanged || unmaskedChanged ? await endCredentialsOfPerson(tx, person.id, workspacesChanged ? "workspace_change" : "unmasked_change") : 0;
  await recordAuditEvent(tx, {
    actor: { id: person.id, email: person.email },
    action: "administrator.sso_groups",
    targetType: "administrator",
    targetId: person.id,
    targetName: person.email,
    clientAddress,
    details: {
      groups: access.groups,
      ...(roleChanged ? { role: { from: person.role, to: role } } : {}),
      ...(unmaskedChanged ? { seeUnmasked: { from: person.seeUnmasked, to: access.seeUnmasked } } : {}),
      ...(keptLastAdmin ? { keptAdmin: `the groups give ${access.role}, but this is the last admin` } : {}),
      ...(keptBreakGlass ? { keptAdmin: `the groups give ${access.role}, but this is the last admin with a password while password sign-in is off (break-glass)` } : {}),
      ...(after ? workspaceChanges(person, after) : {}),
      sessionsEnded,
      opikCredentialsEnded: credentialsEnded,
    },
  });
}
