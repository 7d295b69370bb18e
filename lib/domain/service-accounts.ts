// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb } from "@/db/client";
import { recordAuditEvent, type Actor } from "@/db/queries/audit";
import {
  deleteServiceAccountRow,
  insertAuthorizedWorkspaces,
  insertServiceAccount,
  keyStatesOf,
  lockServiceAccount,
  lockServiceAccountState,
  serviceAccountNameTaken,
  setServiceAccountDisabledAt,
  updateServiceAccountRow,
  type ServiceAccountState,
} from "@/db/queries/service-accounts";
import { now } from "@/lib/clock";
import { FOREIGN_KEY_VIOLATION, pgErrorCode, UNIQUE_VIOLATION } from "@/lib/db-errors";
import type { ActionResult } from "@/lib/validations/action-result";
import type { CreateServiceAccountInput, UpdateServiceAccountInput } from "@/lib/validations/service-accounts";
import { authorizedForAudit, checkWorkspaceChoice, SOME_WORKSPACE_GONE, WORKSPACE_GONE, workspaceChoiceValues } from "./workspace-choice";

export type MutationContext = { actor: NonNullable<Actor>; clientAddress: string | null };

/** Quotes the account that holds the name as it is stored, which may differ from the typed one in letter case. */
export const nameTakenMessage = (existing: string, typed = existing) =>
  existing === typed
    ? `A service account named "${existing}" already exists`
    : `A service account named "${existing}" already exists (names are unique whatever their letter case)`;
export const ACCOUNT_GONE = "This service account no longer exists.";
export const CHANGED_MEANWHILE =
  "Someone else changed this service account after you opened this dialog. Close it to see their change, then edit again.";
const NEEDS_ATTENTION = "Some fields need attention.";
const keysText = (n: number) => (n === 0 ? "no API keys" : n === 1 ? "1 API key" : `${n} API keys`);

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
      const { fieldErrors, names } = await checkWorkspaceChoice(tx, input);
      const holder = await serviceAccountNameTaken(tx, input.name);
      if (holder) fieldErrors.name = [nameTakenMessage(holder, input.name)];
      if (Object.keys(fieldErrors).length > 0) {
        const message = holder && Object.keys(fieldErrors).length === 1 ? nameTakenMessage(holder, input.name) : NEEDS_ATTENTION;
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
        // Ids for tools, names for the reader of the audit log (a workspace may be renamed or deleted later).
        details: {
          defaultWorkspace: input.defaultWorkspaceId ? (names.get(input.defaultWorkspaceId) ?? null) : null,
          authorizedWorkspaces: authorizedForAudit(input.authorizedWorkspaceIds, names),
          defaultWorkspaceId: input.defaultWorkspaceId,
          authorizedWorkspaceIds: input.authorizedWorkspaceIds,
        },
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
    if (!account) return { ok: false, message: ACCOUNT_GONE };
    if (input.confirmName.trim() !== account.name) {
      return {
        ok: false,
        message: `Type "${account.name}" to confirm.`,
        fieldErrors: { confirmName: [`Type "${account.name}" exactly to confirm`] },
      };
    }
    const deleted = await deleteServiceAccountRow(tx, account.id, account.name);
    if (!deleted) return { ok: false, message: ACCOUNT_GONE };
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "service_account.delete",
      targetType: "service_account",
      targetId: account.id,
      targetName: account.name,
      clientAddress: ctx.clientAddress,
      details: { revokedApiKeys: account.apiKeyCount },
    });
    return { ok: true, message: `Service account "${account.name}" deleted; ${keysText(account.apiKeyCount)} revoked` };
  });
}

type Locked = NonNullable<Awaited<ReturnType<typeof lockServiceAccountState>>>;
type Readable = { name?: string; description?: string | null; defaultWorkspace?: string | null; authorizedWorkspaces?: string[] | "all" };

/** The fields an edit changes, before and after, as a reader of the audit log wants them: names, not ids. */
function changesOf(current: Locked, next: ServiceAccountState, names: Map<string, string>) {
  const known = new Map([...names, ...current.authorized.map((w) => [w.id, w.name] as const)]);
  if (current.defaultWorkspaceId && current.defaultWorkspaceName) known.set(current.defaultWorkspaceId, current.defaultWorkspaceName);
  const wsName = (id: string | null) => (id ? (known.get(id) ?? id) : null);
  const before: Readable = {};
  const after: Readable = {};
  if (current.name !== next.name) [before.name, after.name] = [current.name, next.name];
  if ((current.description ?? null) !== next.description) [before.description, after.description] = [current.description, next.description];
  if (current.defaultWorkspaceId !== next.defaultWorkspaceId) {
    [before.defaultWorkspace, after.defaultWorkspace] = [wsName(current.defaultWorkspaceId), wsName(next.defaultWorkspaceId)];
  }
  if ([...current.authorizedWorkspaceIds].sort().join() !== [...next.authorizedWorkspaceIds].sort().join()) {
    [before.authorizedWorkspaces, after.authorizedWorkspaces] = [authorizedForAudit(current.authorizedWorkspaceIds, known), authorizedForAudit(next.authorizedWorkspaceIds, known)];
  }
  return { before, after, changed: Object.keys(after).length > 0 };
}

/**
 * Edit service account: name, description, default and authorized workspaces, validated as on
 * create and written with one audit event (before/after) in one transaction. Refused when the
 * account is gone or was changed after the form was opened (`revision`). Keys check against the
 * new values from their next request on: lib/verify reads them on every check.
 */
export async function updateServiceAccount(input: UpdateServiceAccountInput, ctx: MutationContext): Promise<ActionResult> {
  const values = { name: input.name, description: input.description ?? "", ...workspaceChoiceValues(input) };
  const taken = (): ActionResult<never> => ({ ok: false, message: nameTakenMessage(input.name), fieldErrors: { name: [nameTakenMessage(input.name)] }, values });
  try {
    return await getDb().transaction(async (tx): Promise<ActionResult> => {
      const current = await lockServiceAccountState(tx, input.id);
      if (!current) return { ok: false, message: ACCOUNT_GONE };
      if (current.revision !== input.revision) return { ok: false, message: CHANGED_MEANWHILE, values };
      const { fieldErrors, names } = await checkWorkspaceChoice(tx, input);
      const holder = await serviceAccountNameTaken(tx, input.name, current.id);
      if (holder) fieldErrors.name = [nameTakenMessage(holder, input.name)];
      if (Object.keys(fieldErrors).length > 0) {
        const message = holder && Object.keys(fieldErrors).length === 1 ? nameTakenMessage(holder, input.name) : NEEDS_ATTENTION;
        return { ok: false, message, fieldErrors, values };
      }
      const next: ServiceAccountState = {
        name: input.name,
        description: input.description,
        defaultWorkspaceId: input.defaultWorkspaceId,
        authorizedWorkspaceIds: input.authorizedWorkspaceIds,
      };
      const { before, after, changed } = changesOf(current, next, names);
      if (!changed) return { ok: true, message: `Nothing to change for "${current.name}"` };
      await updateServiceAccountRow(tx, current.id, next);
      await recordAuditEvent(tx, {
        actor: ctx.actor,
        action: "service_account.update",
        targetType: "service_account",
        targetId: current.id,
        targetName: next.name,
        clientAddress: ctx.clientAddress,
        details: { before, after },
      });
      return { ok: true, message: `Service account "${next.name}" saved` };
    });
  } catch (error) {
    // Lost a race with a concurrent create or rename to the same name: the unique index decided.
    if (pgErrorCode(error) === UNIQUE_VIOLATION) return taken();
    // A workspace deleted between our check and the write.
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) {
      return { ok: false, message: SOME_WORKSPACE_GONE, fieldErrors: { authorizedWorkspaceIds: [SOME_WORKSPACE_GONE] }, values };
    }
    throw error;
  }
}

/**
 * Disable service account (every key refused from the next check, `disabled_account`) / Enable
 * service account. Only the account's `disabled_at` changes: each key keeps its own state, so
 * enabling restores exactly the keys that were enabled before.
 */
export async function setServiceAccountDisabled(input: { id: string; disabled: boolean }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx): Promise<ActionResult> => {
    const account = await lockServiceAccountState(tx, input.id);
    if (!account) return { ok: false, message: ACCOUNT_GONE };
    const state = input.disabled ? "disabled" : "enabled";
    if (Boolean(account.disabledAt) === input.disabled) return { ok: false, message: `Service account "${account.name}" is already ${state}.` };
    await setServiceAccountDisabledAt(tx, account.id, input.disabled ? new Date(now()) : null);
    const keys = await keyStatesOf(tx, account.id);
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: input.disabled ? "service_account.disable" : "service_account.enable",
      targetType: "service_account",
      targetId: account.id,
      targetName: account.name,
      clientAddress: ctx.clientAddress,
      details: { apiKeys: keys.total, enabledApiKeys: keys.enabled },
    });
    const off = keys.total - keys.enabled;
    const stay = off > 0 ? `; ${keysText(off)} disabled on ${off === 1 ? "its" : "their"} own ${off === 1 ? "stays" : "stay"} disabled` : "";
    return input.disabled
      ? { ok: true, message: `Service account "${account.name}" disabled; ${keysText(keys.total)} refused until it is enabled` }
      : { ok: true, message: `Service account "${account.name}" enabled; ${keysText(keys.enabled)} ${keys.enabled === 1 ? "works" : "work"} again${stay}` };
  });
}
