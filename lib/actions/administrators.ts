"use server";
import { revalidatePath } from "next/cache";
import { changeAdministratorRole, createAdministrator, removeAdministrator } from "@/lib/domain/admin-accounts";
import {
  changeAdministratorRoleSchema,
  createAdministratorSchema,
  removeAdministratorSchema,
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
