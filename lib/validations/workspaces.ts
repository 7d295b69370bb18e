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

export const createWorkspaceSchema = z.object({ name: workspaceNameSchema });
export const deleteWorkspaceSchema = z.object({ id: idSchema });
