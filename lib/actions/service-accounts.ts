"use server";
import { revalidatePath } from "next/cache";
import {
  createServiceAccount as create,
  deleteServiceAccount as remove,
  setServiceAccountDisabled as setDisabled,
  updateServiceAccount as update,
} from "@/lib/domain/service-accounts";
import {
  createServiceAccountSchema,
  deleteServiceAccountSchema,
  setServiceAccountDisabledSchema,
  updateServiceAccountSchema,
} from "@/lib/validations/service-accounts";
import { defineAction } from "./define-action";

const PATH = "/admin/service-accounts";

export const createServiceAccount = defineAction(
  { schema: createServiceAccountSchema, permission: "write" },
  async (input, ctx) => {
    const result = await create(input, ctx);
    if (result.ok) revalidatePath(PATH);
    return result;
  },
);

export const deleteServiceAccount = defineAction(
  { schema: deleteServiceAccountSchema, permission: "write" },
  async (input, ctx) => {
    const result = await remove(input, ctx);
    if (result.ok) revalidatePath(PATH);
    return result;
  },
);

export const updateServiceAccount = defineAction(
  { schema: updateServiceAccountSchema, permission: "write" },
  async (input, ctx) => {
    const result = await update(input, ctx);
    if (result.ok) revalidatePath(PATH);
    return result;
  },
);

export const setServiceAccountDisabled = defineAction(
  { schema: setServiceAccountDisabledSchema, permission: "write" },
  async (input, ctx) => {
    const result = await setDisabled(input, ctx);
    // Refused as already in that state, the table is out of date: it is read again either way.
    revalidatePath(PATH);
    return result;
  },
);
