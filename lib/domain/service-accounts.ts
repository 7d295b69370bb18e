import "server-only";
import { getDb } from "@/db/client";
import { recordAuditEvent, type Actor } from "@/db/queries/audit";
import {
  deleteServiceAccountRow,
  insertAuthorizedWorkspaces,
  insertServiceAccount,
  lockServiceAccount,
  serviceAccountNameTaken,
} from "@/db/queries/service-accounts";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "@/lib/db-errors";
import type { ActionResult } from "@/lib/validations/action-result";
import type { CreateServiceAccountInput } from "@/lib/validations/service-accounts";
import { checkWorkspaceChoice, WORKSPACE_GONE, workspaceChoiceValues } from "./workspace-choice";

export type MutationContext = { actor: NonNullable<Actor>; clientAddress: string | null };

export const nameTakenMessage = (name: string) => `A service account named "${name}" already exists`;

class Refusal extends Error {
  constructor(readonly result: ActionResult<never>) {
    super(result.ok ? "" : result.message);
  }
}

/**
 * Creates a service account with its authorized workspaces and the audit record in one transaction.
 * The dashboard action and any future API call this, so there is one code path for the mutation.
 */
export async function createServiceAccount(
  input: CreateServiceAccountInput,
  ctx: MutationContext,
): Promise<ActionResult<{ id: string; name: string }>> {
  const values = { name: input.name, description: input.description ?? "", ...workspaceChoiceValues(input) };
  try {
    return await getDb().transaction(async (tx) => {
      // Every problem at once: the name and the workspaces are checked before anything is written.
      const { fieldErrors } = await checkWorkspaceChoice(tx, input);
      if (await serviceAccountNameTaken(tx, input.name)) fieldErrors.name = [nameTakenMessage(input.name)];
      if (Object.keys(fieldErrors).length > 0) {
        const message = fieldErrors.name && Object.keys(fieldErrors).length === 1 ? nameTakenMessage(input.name) : "Some fields need attention.";
        throw new Refusal({ ok: false, message, fieldErrors, values });
      }
      const account = await insertServiceAccount(tx, {
        name: input.name,
        description: input.description,
        defaultWorkspaceId: input.defaultWorkspaceId,
        createdBy: ctx.actor.id,
      });
      if (!account) {
        // Lost a race with a concurrent create of the same name: the unique index decided.
        throw new Refusal({ ok: false, message: nameTakenMessage(input.name), fieldErrors: { name: [nameTakenMessage(input.name)] }, values });
      }
      await insertAuthorizedWorkspaces(tx, account.id, input.authorizedWorkspaceIds);
      await recordAuditEvent(tx, {
        actor: ctx.actor,
        action: "service_account.create",
        targetType: "service_account",
        targetId: account.id,
        targetName: account.name,
        clientAddress: ctx.clientAddress,
        details: { defaultWorkspaceId: input.defaultWorkspaceId, authorizedWorkspaceIds: input.authorizedWorkspaceIds },
      });
      return { ok: true as const, message: `Service account "${account.name}" created`, data: account };
    });
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    // A workspace deleted between our check and the insert.
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) {
      return { ok: false, message: WORKSPACE_GONE, fieldErrors: { authorizedWorkspaceIds: [WORKSPACE_GONE] }, values };
    }
    throw error;
  }
}

/** Deletes the account, its authorized-workspace links and all its API keys, with the audit record. */
export async function deleteServiceAccount(
  input: { id: string; confirmName: string },
  ctx: MutationContext,
): Promise<ActionResult> {
  return getDb().transaction(async (tx) => {
    const account = await lockServiceAccount(tx, input.id);
    if (!account) return { ok: false, message: "This service account no longer exists." };
    if (input.confirmName.trim() !== account.name) {
      return {
        ok: false,
        message: `Type "${account.name}" to confirm.`,
        fieldErrors: { confirmName: [`Type "${account.name}" exactly to confirm`] },
      };
    }
    const deleted = await deleteServiceAccountRow(tx, account.id, account.name);
    if (!deleted) return { ok: false, message: "This service account no longer exists." };
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "service_account.delete",
      targetType: "service_account",
      targetId: account.id,
      targetName: account.name,
      clientAddress: ctx.clientAddress,
      details: { revokedApiKeys: account.apiKeyCount },
    });
    const keys = account.apiKeyCount === 1 ? "1 API key" : `${account.apiKeyCount} API keys`;
    return { ok: true, message: `Service account "${account.name}" deleted; ${keys} revoked` };
  });
}
