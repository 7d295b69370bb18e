// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Db, type Tx } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit";
import { groupMappingsUsingWorkspace } from "@/db/queries/sso-mappings";
import { deleteWorkspaceRow, findWorkspaceById, insertWorkspace, peopleUsingWorkspace, serviceAccountsUsingWorkspace } from "@/db/queries/workspaces";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "@/lib/db-errors";
import type { ActionResult } from "@/lib/validations/action-result";
import { OPIK_DEFAULT_WORKSPACE_ID, opikDefaultWorkspaceTakenMessage, USAGE_LIMIT, type WorkspaceUsage } from "@/lib/validations/workspaces";
import type { MutationContext } from "./service-accounts";

/**
 * `adoptOpikDefaultWorkspace` gives the workspace Opik's built-in workspace id, so what Opik logged
 * before authentication was on stays visible in it. The primary key keeps that to one workspace.
 */
export async function createWorkspace(
  input: { name: string; adoptOpikDefaultWorkspace?: boolean },
  ctx: MutationContext,
): Promise<ActionResult<{ id: string; name: string }>> {
  const adopt = input.adoptOpikDefaultWorkspace === true;
  return getDb().transaction(async (tx): Promise<ActionResult<{ id: string; name: string }>> => {
    const workspace = await insertWorkspace(tx, input.name, adopt ? OPIK_DEFAULT_WORKSPACE_ID : undefined);
    if (!workspace) {
      // The insert skipped a conflict on the id or the name. A concurrent creator has committed by
      // now (the insert waits for it), so this read sees its row.
      const holder = adopt ? await findWorkspaceById(tx, OPIK_DEFAULT_WORKSPACE_ID) : null;
      if (holder) {
        const message = opikDefaultWorkspaceTakenMessage(holder.name);
        return { ok: false, message, fieldErrors: { adoptOpikDefaultWorkspace: [message] }, values: { name: input.name } };
      }
      const message = `A workspace named "${input.name}" already exists`;
      return { ok: false, message, fieldErrors: { name: [message] }, values: { name: input.name } };
    }
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "workspace.create",
      targetType: "workspace",
      targetId: workspace.id,
      targetName: workspace.name,
      clientAddress: ctx.clientAddress,
      details: adopt ? { adoptsOpikDefaultWorkspace: true } : undefined,
    });
    return { ok: true, message: `Workspace "${workspace.name}" created`, data: workspace };
  });
}

const listed = (names: string[], limit: number) => `${names.slice(0, limit).join(", ")}${names.length > limit ? " and others" : ""}`;

/** Names who uses the workspace: service accounts (by name), people (by email) and single sign-on group mappings (by group). */
export function workspaceInUseMessage(workspaceName: string, accountNames: string[], personEmails: string[] = [], limit = 10, mappedGroups: string[] = []): string {
  const users = [
    accountNames.length > 0 ? `service accounts ${listed(accountNames, limit)}` : null,
    personEmails.length > 0 ? `${personEmails.length === 1 ? "person" : "people"} ${listed(personEmails, limit)}` : null,
    mappedGroups.length > 0 ? `the group ${mappedGroups.length === 1 ? "mapping" : "mappings"} of ${listed(mappedGroups.map((g) => `"${g}"`), limit)} (Settings)` : null,
  ].filter(Boolean);
  return `Workspace "${workspaceName}" is used by ${users.join(" and by ")}. Remove it from them first.`;
}


export async function findWorkspaceUsage(db: Db | Tx, workspaceId: string): Promise<WorkspaceUsage> {
  return {
    accounts: await serviceAccountsUsingWorkspace(db, workspaceId, USAGE_LIMIT),
    people: await peopleUsingWorkspace(db, workspaceId, USAGE_LIMIT),
    groups: await groupMappingsUsingWorkspace(db, workspaceId, USAGE_LIMIT + 1),
  };
}

/**
 * Delete workspace asks this when its dialog opens: a workspace in use is refused there, naming
 * who uses it, before any destructive button (deleteWorkspace refuses it again, in its transaction).
 */
export async function workspaceUsage(input: { id: string }): Promise<ActionResult<{ name: string; usage: WorkspaceUsage }>> {
  const db = getDb();
  const workspace = await findWorkspaceById(db, input.id);
  if (!workspace) return { ok: false, message: "This workspace no longer exists." };
  return { ok: true, data: { name: workspace.name, usage: await findWorkspaceUsage(db, workspace.id) } };
}

export async function deleteWorkspace(input: { id: string }, ctx: MutationContext): Promise<ActionResult> {
  try {
    return await getDb().transaction(async (tx) => {
      const workspace = await findWorkspaceById(tx, input.id);
      if (!workspace) return { ok: false, message: "This workspace no longer exists." };
      const { accounts, people, groups } = await findWorkspaceUsage(tx, workspace.id);
      if (accounts.length + people.length + groups.length > 0) return { ok: false, message: workspaceInUseMessage(workspace.name, accounts, people, USAGE_LIMIT, groups) };
      await deleteWorkspaceRow(tx, workspace.id);
      await recordAuditEvent(tx, {
        actor: ctx.actor,
        action: "workspace.delete",
        targetType: "workspace",
        targetId: workspace.id,
        targetName: workspace.name,
        clientAddress: ctx.clientAddress,
      });
      return { ok: true, message: `Workspace "${workspace.name}" deleted` };
    });
  } catch (error) {
    // An account or a person started using the workspace between the check and the delete: the FK refuses it.
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) {
      return { ok: false, message: "This workspace was just assigned to a service account, a person or a group mapping. Reload the page to see which." };
    }
    throw error;
  }
}
