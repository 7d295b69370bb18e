"use server";
import { revalidatePath } from "next/cache";
import { createServiceAccount as create, deleteServiceAccount as remove } from "@/lib/domain/service-accounts";
import { createServiceAccountSchema, deleteServiceAccountSchema } from "@/lib/validations/service-accounts";
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
