import { z } from "zod";
import { ROLES } from "@/db/schema";
import { administratorNameSchema, emailSchema, newPasswordSchema } from "./auth";
import { idSchema } from "./common";
import { refineDefaultAmongAuthorized, workspaceAccessShape } from "./workspace-access";

export const roleSchema = z.enum(ROLES, { error: "Choose admin, viewer or member" });

/** Add person: who signs in, with their role and workspaces (the same rules as a service account's). */
export const addPersonSchema = z
  .object({
    email: emailSchema,
    name: administratorNameSchema,
    role: roleSchema,
    password: newPasswordSchema,
    ...workspaceAccessShape,
  })
  .superRefine(refineDefaultAmongAuthorized);
export type AddPersonInput = z.infer<typeof addPersonSchema>;

/** Edit person: every field is posted and replaces what is stored (an empty set of workspaces = every workspace). */
export const updatePersonSchema = z
  .object({
    id: idSchema,
    name: administratorNameSchema,
    role: roleSchema,
    ...workspaceAccessShape,
  })
  .superRefine(refineDefaultAmongAuthorized);
export type UpdatePersonInput = z.infer<typeof updatePersonSchema>;

export const removePersonSchema = z.object({ id: idSchema });
export const setPersonDisabledSchema = z.object({ id: idSchema, disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const signOutEverywhereSchema = z.object({ id: idSchema });

// The new password follows the same rule as setup and Add person (newPasswordSchema).
export const changeOwnPasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200, "Use at most 200 characters"),
  password: newPasswordSchema,
});
export const resetAdministratorPasswordSchema = z.object({ id: idSchema, password: newPasswordSchema });
