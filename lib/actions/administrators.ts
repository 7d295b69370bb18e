"use server";
import { revalidatePath } from "next/cache";
import { currentSessionToken } from "@/lib/auth/current";
import { signOut } from "@/lib/auth/next-auth";
import { sessionIdOf } from "@/lib/auth/session-token";
import { changeAdministratorRole, createAdministrator, removeAdministrator } from "@/lib/domain/admin-accounts";
import { changeOwnPassword, resetAdministratorPassword } from "@/lib/domain/passwords";
import { signOutEverywhere } from "@/lib/domain/sessions";
import {
  changeAdministratorRoleSchema,
  changeOwnPasswordSchema,
  createAdministratorSchema,
  removeAdministratorSchema,
  resetAdministratorPasswordSchema,
  signOutEverywhereSchema,
} from "@/lib/validations/administrators";
import { defineAction, SIGNED_OUT_MESSAGE } from "./define-action";

const PATH = "/admin/administrators";

export const createAdministratorAction = defineAction({ schema: createAdministratorSchema, permission: "write" }, async (input, ctx) => {
  const result = await createAdministrator(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

export const changeAdministratorRoleAction = defineAction(
  { schema: changeAdministratorRoleSchema, permission: "write" },
  async (input, ctx) => {
    const result = await changeAdministratorRole(input, ctx);
    if (result.ok) revalidatePath(PATH);
    return result;
  },
);

export const removeAdministratorAction = defineAction({ schema: removeAdministratorSchema, permission: "write" }, async (input, ctx) => {
  const result = await removeAdministrator(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

export const signOutEverywhereAction = defineAction({ schema: signOutEverywhereSchema, permission: "write" }, async (input, ctx) => {
  const result = await signOutEverywhere(input, ctx);
  if (!result.ok) return result;
  // Yourself included: this browser's session has just ended too, so clear its cookie and go to /login.
  if (input.id === ctx.actor.id) await signOut({ redirectTo: "/login" });
  revalidatePath(PATH);
  return result;
});

// "read": a viewer changes their own password too. Whose password is ctx.actor's, never an id from
// the input (the schema has none), and the session this request came from stays signed in.
export const changeOwnPasswordAction = defineAction({ schema: changeOwnPasswordSchema, permission: "read" }, async (input, ctx) => {
  const token = await currentSessionToken();
  if (!token) return { ok: false, message: SIGNED_OUT_MESSAGE };
  return changeOwnPassword(input, { ...ctx, keepSessionId: sessionIdOf(token) });
});

export const resetAdministratorPasswordAction = defineAction(
  { schema: resetAdministratorPasswordSchema, permission: "write" },
  async (input, ctx) => {
    const result = await resetAdministratorPassword(input, ctx);
    if (result.ok) revalidatePath(PATH);
    return result;
  },
);
