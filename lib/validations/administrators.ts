import { z } from "zod";
import { administratorNameSchema, emailSchema, newPasswordSchema } from "./auth";
import { idSchema } from "./common";

export const roleSchema = z.enum(["admin", "viewer"], { error: "Choose admin or viewer" });

export const createAdministratorSchema = z.object({
  email: emailSchema,
  name: administratorNameSchema,
  role: roleSchema,
  password: newPasswordSchema,
});

export const changeAdministratorRoleSchema = z.object({ id: idSchema, role: roleSchema });
export const removeAdministratorSchema = z.object({ id: idSchema });
export const signOutEverywhereSchema = z.object({ id: idSchema });

// The new password follows the same rule as setup and Add administrator (newPasswordSchema).
export const changeOwnPasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200, "Use at most 200 characters"),
  password: newPasswordSchema,
});
export const resetAdministratorPasswordSchema = z.object({ id: idSchema, password: newPasswordSchema });
