import { z } from "zod";
import { CONTROL_CHARACTERS_MESSAGE, idSchema, NO_CONTROL_CHARACTERS } from "./common";
import { roleSchema, seeUnmaskedSchema } from "./people";
import { refineWorkspaceAccess, workspaceAccessShape } from "./workspace-access";

/** As lib/auth/sso-groups.ts reads the groups claim: a longer name is no group anyone is sent. */
export const GROUP_NAME_MAX = 256;
const ENTER_GROUP = "Enter the group's name exactly as the identity provider sends it";

/**
 * A group of the identity provider, matched exactly (letter case and odd characters as sent).
 * Spaces around it are dropped: no provider sends them, and a pasted name often has them.
 */
export const groupNameSchema = z
  .string({ error: ENTER_GROUP })
  .trim()
  .min(1, ENTER_GROUP)
  .max(GROUP_NAME_MAX, `Use at most ${GROUP_NAME_MAX} characters`)
  .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE);

const mappingShape = { group: groupNameSchema, role: roleSchema, seeUnmasked: seeUnmaskedSchema, ...workspaceAccessShape };

/** Add mapping: Group, Role and Workspaces (a default workspace, and all workspaces or only the authorized ones). */
export const addGroupMappingSchema = z.object(mappingShape).superRefine(refineWorkspaceAccess);
export type AddGroupMappingInput = z.infer<typeof addGroupMappingSchema>;

/** Edit mapping: every field is posted and replaces what is stored. */
export const updateGroupMappingSchema = z.object({ id: idSchema, ...mappingShape }).superRefine(refineWorkspaceAccess);
export type UpdateGroupMappingInput = z.infer<typeof updateGroupMappingSchema>;

export const removeGroupMappingSchema = z.object({ id: idSchema });
