import { z } from "zod";
import { idSchema } from "./common";

export const RESERVED_WORKSPACE_NAMES = ["default"];

// Workspace names are case-insensitive: input is folded to lower case before it is checked.
export const workspaceNameSchema = z
  .string({ error: "Enter a name" })
  .trim()
  .toLowerCase()
  .min(1, "Enter a name")
  .max(63, "Use at most 63 characters")
  .regex(/^[a-z0-9-]*$/, 'Use only lowercase letters, digits and "-"')
  .regex(/^(?![-])/, "Start with a letter or a digit")
  .refine((n) => !RESERVED_WORKSPACE_NAMES.includes(n), {
    message: '"default" is reserved: it stands for a key\'s default workspace',
  });

/**
 * The workspace id Opik uses while authentication is off: everything an Opik install logged before
 * it was turned on lives under it. A workspace created with this id keeps that data visible.
 */
export const OPIK_DEFAULT_WORKSPACE_ID = "0190babc-62a0-71d2-832a-0feffa4676eb";

/** Why a second workspace cannot take that id: the server's refusal and the dialog's disabled checkbox. */
export function opikDefaultWorkspaceTakenMessage(holderName: string): string {
  return `Workspace "${holderName}" already keeps the data Opik logged before authentication was on. Only one workspace can.`;
}

export const createWorkspaceSchema = z.object({
  name: workspaceNameSchema,
  // A checkbox: "on" (or "true") when ticked, absent when not.
  adoptOpikDefaultWorkspace: z.stringbool({ error: "Tick the box or leave it empty" }).default(false),
});
export const deleteWorkspaceSchema = z.object({ id: idSchema });

/** Who uses a workspace: service account names, people's emails, mapped groups; each at most USAGE_LIMIT + 1 (the extra one means "and others"). */
export type WorkspaceUsage = { accounts: string[]; people: string[]; groups: string[] };
export const USAGE_LIMIT = 10;
