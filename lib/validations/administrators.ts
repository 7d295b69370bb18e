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
