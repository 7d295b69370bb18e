// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import type { Tx } from "@/db/client";
import { findWorkspacesByIds } from "@/db/queries/workspaces";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "@/lib/db-errors";
import type { ActionResult } from "@/lib/validations/action-result";

export const WORKSPACE_GONE = "This workspace no longer exists. Reload the page and choose again.";
export const SOME_WORKSPACE_GONE = "One of the selected workspaces no longer exists. Reload the page and choose again.";

export type WorkspaceChoice = { defaultWorkspaceId: string | null; authorizedWorkspaceIds: string[] };

/**
 * Checks a default workspace and authorized workspaces (of a service account or a person) against
 * the database: every one must exist. Returns the field errors (none when all exist) and the names
 * of those found, for the audit record. The schema has already checked that the default is among
 * the authorized (lib/validations/workspace-access.ts).
 */
export async function checkWorkspaceChoice(tx: Tx, choice: WorkspaceChoice): Promise<{ fieldErrors: Record<string, string[]>; names: Map<string, string> }> {
  const wanted = [...new Set([...choice.authorizedWorkspaceIds, ...(choice.defaultWorkspaceId ? [choice.defaultWorkspaceId] : [])])];
  const names = new Map((await findWorkspacesByIds(tx, wanted)).map((w) => [w.id, w.name]));
  const fieldErrors: Record<string, string[]> = {};
  if (choice.defaultWorkspaceId && !names.has(choice.defaultWorkspaceId)) fieldErrors.defaultWorkspaceId = [WORKSPACE_GONE];
  if (choice.authorizedWorkspaceIds.some((id) => !names.has(id))) fieldErrors.authorizedWorkspaceIds = [SOME_WORKSPACE_GONE];
  return { fieldErrors, names };
}

/** The values a form gets back for its workspace fields (a select posts "" for none). */
export const workspaceChoiceValues = (choice: WorkspaceChoice) => ({
  defaultWorkspaceId: choice.defaultWorkspaceId ?? "",
  authorizedWorkspaceIds: choice.authorizedWorkspaceIds,
});

/** A workspace deleted between the check and the write: the foreign key refused it (null for any other error). */
export function workspaceGoneRefusal(error: unknown, values: Record<string, unknown>): ActionResult<never> | null {
  if (pgErrorCode(error) !== FOREIGN_KEY_VIOLATION) return null;
  return { ok: false, message: SOME_WORKSPACE_GONE, fieldErrors: { authorizedWorkspaceIds: [SOME_WORKSPACE_GONE] }, values };
}

/** Authorized workspaces as the audit log keeps them: names (ids mean nothing to a reader), "all" for no restriction. */
export const authorizedForAudit = (ids: string[], names: Map<string, string>): string[] | "all" =>
  ids.length === 0 ? "all" : ids.map((id) => names.get(id) ?? id).sort();
