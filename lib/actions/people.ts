"use server";
import { revalidatePath } from "next/cache";
import { currentSessionToken } from "@/lib/auth/current";
import { signOut } from "@/lib/auth/next-auth";
import { sessionIdOf } from "@/lib/auth/session-token";
import { changeOwnPassword, resetAdministratorPassword } from "@/lib/domain/passwords";
import { revokeInvitation } from "@/lib/domain/invitations";
import { createPerson, removePerson, setPersonDisabled, updatePerson } from "@/lib/domain/people";
import { signOutEverywhere } from "@/lib/domain/sessions";
import {
  addPersonSchema,
  changeOwnPasswordSchema,
  removePersonSchema,
  resetAdministratorPasswordSchema,
  revokeInvitationSchema,
  setPersonDisabledSchema,
  signOutEverywhereSchema,
  updatePersonSchema,
} from "@/lib/validations/people";
import { defineAction, SIGNED_OUT_MESSAGE } from "./define-action";

const PATH = "/admin/people";

export const addPersonAction = defineAction({ schema: addPersonSchema, permission: "write" }, async (input, ctx) => {
  const result = await createPerson(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

export const updatePersonAction = defineAction({ schema: updatePersonSchema, permission: "write" }, async (input, ctx) => {
  const result = await updatePerson(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

export const removePersonAction = defineAction({ schema: removePersonSchema, permission: "write" }, async (input, ctx) => {
  const result = await removePerson(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

export const setPersonDisabledAction = defineAction({ schema: setPersonDisabledSchema, permission: "write" }, async (input, ctx) => {
  const result = await setPersonDisabled(input, ctx);
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

// "self": every role changes their own password, members too (on /me). Whose password is
// ctx.actor's, never an id from the input (the schema has none), and the session this request came
// from stays signed in.
export const changeOwnPasswordAction = defineAction({ schema: changeOwnPasswordSchema, permission: "self" }, async (input, ctx) => {
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

export const revokeInvitationAction = defineAction({ schema: revokeInvitationSchema, permission: "write" }, async (input, ctx) => {
  const result = await revokeInvitation(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});
