"use server";
import { revalidatePath } from "next/cache";
import { signOut } from "@/lib/auth/next-auth";
import { changeAdministratorRole, createAdministrator, removeAdministrator } from "@/lib/domain/admin-accounts";
import { signOutEverywhere } from "@/lib/domain/sessions";
import {
  changeAdministratorRoleSchema,
  createAdministratorSchema,
  removeAdministratorSchema,
  signOutEverywhereSchema,
} from "@/lib/validations/administrators";
import { defineAction } from "./define-action";

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
