import { z } from "zod";
import { ROLES } from "@/db/schema";
import { administratorNameSchema, emailSchema, newPasswordSchema } from "./auth";
import { idSchema } from "./common";
import { refineWorkspaceAccess, workspaceAccessShape } from "./workspace-access";

export const roleSchema = z.enum(ROLES, { error: "Choose admin, viewer or member" });

const onOff = z.enum(["true", "false", "on"], { error: "Choose on or off" });
/**
 * See unmasked data: a JSON boolean (management API), or the form's checkbox, which posts after a
 * hidden "false" (so unticked still says so): the last value wins. Absent: Add person makes it on
 * (Opik's default), Edit person keeps what is stored (lib/domain/people.ts).
 */
export const seeUnmaskedSchema = z
  .union([z.boolean(), onOff, z.array(onOff)], { error: "Choose on or off" })
  .optional()
  .transform((v) => {
    const last = Array.isArray(v) ? v.at(-1) : v;
    return last === undefined ? undefined : last === true || last === "true" || last === "on";
  });

export const INVITE_OR_PASSWORD_MESSAGE = "Set a password, or invite them to set their own";
export const NOT_BOTH_MESSAGE = "Either set a password or invite them, not both";

/**
 * Invite: a one-time link where the person sets their own password, instead of `password`
 * (docs/people-and-roles.md "Invitations"). A JSON boolean (management API) or the form's choice.
 */
export const inviteSchema = z
  .union([z.boolean(), z.enum(["true", "false"])], { error: "Choose true or false" })
  .optional()
  .transform((v) => v === true || v === "true");

/** Add person: who signs in, with their role and workspaces (the same rules as a service account's). */
export const addPersonSchema = z
  .object({
    email: emailSchema,
    name: administratorNameSchema,
    role: roleSchema,
    password: newPasswordSchema.optional(),
    invite: inviteSchema,
    seeUnmasked: seeUnmaskedSchema,
    ...workspaceAccessShape,
  })
  .superRefine(refineWorkspaceAccess)
  .superRefine(
    (value, ctx) => {
      if (value.invite && value.password !== undefined) ctx.addIssue({ code: "custom", path: ["password"], message: NOT_BOTH_MESSAGE });
      if (!value.invite && value.password === undefined) ctx.addIssue({ code: "custom", path: ["password"], message: INVITE_OR_PASSWORD_MESSAGE });
    },
    // Beside the other fields' errors (every problem at once), unless these two have their own already.
    { when: (payload) => !payload.issues.some((issue) => issue.path?.[0] === "password" || issue.path?.[0] === "invite") },
  );
/** seeUnmasked optional for callers in code: absent = on; invite absent = a password. */
export type AddPersonInput = Omit<z.infer<typeof addPersonSchema>, "seeUnmasked" | "invite"> & { seeUnmasked?: boolean; invite?: boolean };

/** Edit person: every field is posted and replaces what is stored (every workspace only when chosen explicitly). */
export const updatePersonSchema = z
  .object({
    id: idSchema,
    name: administratorNameSchema,
    role: roleSchema,
    seeUnmasked: seeUnmaskedSchema,
    ...workspaceAccessShape,
  })
  .superRefine(refineWorkspaceAccess);
/** seeUnmasked optional for callers in code: absent = unchanged. */
export type UpdatePersonInput = Omit<z.infer<typeof updatePersonSchema>, "seeUnmasked"> & { seeUnmasked?: boolean };

export const removePersonSchema = z.object({ id: idSchema });
export const setPersonDisabledSchema = z.object({ id: idSchema, disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const signOutEverywhereSchema = z.object({ id: idSchema });

// The new password follows the same rule as setup and Add person (newPasswordSchema).
export const changeOwnPasswordSchema = z.object({
  currentPassword: z.string({ error: "Enter your current password" }).min(1, "Enter your current password").max(200, "Use at most 200 characters"),
  password: newPasswordSchema,
});
export const resetAdministratorPasswordSchema = z.object({ id: idSchema, password: newPasswordSchema });
export const revokeInvitationSchema = z.object({ id: idSchema });
/** The invitation page: the token from the link's fragment, and the new password (the same rule as everywhere). */
export const invitationTokenSchema = z.object({ token: z.string().max(100) });
export const acceptInvitationSchema = z.object({ token: z.string().max(100), password: newPasswordSchema });
