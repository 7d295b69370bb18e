import { z } from "zod";
import { idListSchema, optionalIdSchema } from "./common";

/**
 * A default workspace and authorized workspaces, with the same meaning for service accounts and
 * people (PRODUCT.md §2): no default = none; no authorized workspace = every workspace.
 */
export const workspaceAccessShape = {
  defaultWorkspaceId: optionalIdSchema.optional().transform((v) => v ?? null),
  authorizedWorkspaceIds: idListSchema,
};

export const DEFAULT_NOT_AUTHORIZED_MESSAGE = "The default workspace must be one of the authorized workspaces";

/** If both are set, the default workspace must be one of the authorized ones (for `.superRefine`). */
export function refineDefaultAmongAuthorized(value: { defaultWorkspaceId: unknown; authorizedWorkspaceIds: unknown }, ctx: z.RefinementCtx): void {
  const { defaultWorkspaceId, authorizedWorkspaceIds } = value;
  // Only compare once both fields parsed; otherwise their own errors say what is wrong.
  const parsedIds = Array.isArray(authorizedWorkspaceIds) && authorizedWorkspaceIds.every((id) => z.uuid().safeParse(id).success);
  if (!parsedIds || typeof defaultWorkspaceId !== "string") return;
  if (defaultWorkspaceId && authorizedWorkspaceIds.length > 0 && !authorizedWorkspaceIds.includes(defaultWorkspaceId.toLowerCase())) {
    ctx.addIssue({ code: "custom", path: ["defaultWorkspaceId"], message: DEFAULT_NOT_AUTHORIZED_MESSAGE });
  }
}
