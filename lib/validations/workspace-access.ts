import { z } from "zod";
import { idListSchema, optionalIdSchema } from "./common";

/**
 * All workspaces, or only these: a JSON boolean (management API) or the form's radio group, which
 * posts "true" (All workspaces) or "false" (Only these workspaces). Absent: the list decides alone.
 */
export const allWorkspacesSchema = z
  .union([z.boolean(), z.enum(["true", "false"])], { error: "Choose all workspaces (true) or only the listed ones (false)" })
  .transform((v) => v === true || v === "true")
  .optional()
  .describe("true: every workspace, including workspaces created later (then send no authorizedWorkspaceIds). Absent or false: only authorizedWorkspaceIds, at least one");

/**
 * A default workspace and authorized workspaces, with the same meaning for service accounts,
 * people and group mappings (PRODUCT.md §2): no default = none. Access to every workspace is an
 * explicit choice (`allWorkspaces: true`, stored as no authorized workspace); an empty list alone
 * is refused (refineWorkspaceAccess), so unchecking the last workspace never widens access.
 */
export const workspaceAccessShape = {
  defaultWorkspaceId: optionalIdSchema.optional().transform((v) => v ?? null),
  allWorkspaces: allWorkspacesSchema,
  authorizedWorkspaceIds: idListSchema.describe("Only these workspaces (ids). Required, not empty, unless allWorkspaces is true: an empty list alone is refused"),
};

export const DEFAULT_NOT_AUTHORIZED_MESSAGE = "The default workspace must be one of the authorized workspaces";
/** The form chose "Only these workspaces" and checked none. */
export const CHECK_A_WORKSPACE_MESSAGE = 'Check at least one workspace, or choose "All workspaces"';
/** No choice at all, only an empty list (the management API, or a form of an older page). */
export const CHOOSE_ALL_EXPLICITLY_MESSAGE =
  "An empty list of workspaces no longer means every workspace: send allWorkspaces: true to allow every workspace, or list at least one in authorizedWorkspaceIds";
export const ALL_AND_LIST_MESSAGE = "Choose either all workspaces or a list of workspaces, not both";

/**
 * The one rule of workspace access (for `.superRefine`), shared by the dashboard's forms and the
 * management API: every workspace only when chosen explicitly, a list only when not empty, never
 * both; and if both are set, the default workspace must be one of the authorized ones.
 */
export function refineWorkspaceAccess(
  value: { defaultWorkspaceId: unknown; allWorkspaces?: unknown; authorizedWorkspaceIds: unknown },
  ctx: z.RefinementCtx,
): void {
  const { defaultWorkspaceId, allWorkspaces, authorizedWorkspaceIds } = value;
  // Only compare once the fields parsed; otherwise their own errors say what is wrong.
  const parsedIds = Array.isArray(authorizedWorkspaceIds) && authorizedWorkspaceIds.every((id) => z.uuid().safeParse(id).success);
  if (!parsedIds) return;
  if (allWorkspaces === true && authorizedWorkspaceIds.length > 0) {
    ctx.addIssue({ code: "custom", path: ["authorizedWorkspaceIds"], message: ALL_AND_LIST_MESSAGE });
  } else if (allWorkspaces !== true && authorizedWorkspaceIds.length === 0) {
    const message = allWorkspaces === false ? CHECK_A_WORKSPACE_MESSAGE : CHOOSE_ALL_EXPLICITLY_MESSAGE;
    ctx.addIssue({ code: "custom", path: ["authorizedWorkspaceIds"], message });
  }
  if (typeof defaultWorkspaceId !== "string") return;
  if (defaultWorkspaceId && authorizedWorkspaceIds.length > 0 && !authorizedWorkspaceIds.includes(defaultWorkspaceId.toLowerCase())) {
    ctx.addIssue({ code: "custom", path: ["defaultWorkspaceId"], message: DEFAULT_NOT_AUTHORIZED_MESSAGE });
  }
}

/**
 * Edit over the management API: the workspace choice sent, or the stored one (none stored = all)
 * when neither field is sent. Sending only an empty list is refused by refineWorkspaceAccess.
 */
export function patchedWorkspaceAccess(
  patch: { allWorkspaces?: boolean; authorizedWorkspaceIds?: string[] },
  stored: string[],
): { allWorkspaces: boolean | undefined; authorizedWorkspaceIds: string[] } {
  if (patch.allWorkspaces === undefined && patch.authorizedWorkspaceIds === undefined) return { allWorkspaces: stored.length === 0, authorizedWorkspaceIds: stored };
  return { allWorkspaces: patch.allWorkspaces, authorizedWorkspaceIds: patch.authorizedWorkspaceIds ?? [] };
}
