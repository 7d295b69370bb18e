"use server";
import { revalidatePath } from "next/cache";
import { createApiKey as create, deleteApiKey as remove } from "@/lib/domain/api-keys";
import { createApiKeySchema, deleteApiKeySchema } from "@/lib/validations/api-keys";
import { defineAction } from "./define-action";

const PATH = "/admin/service-accounts";

export const createApiKey = defineAction({ schema: createApiKeySchema, permission: "write" }, async (input, ctx) => {
  const result = await create(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

export const deleteApiKey = defineAction({ schema: deleteApiKeySchema, permission: "write" }, async (input, ctx) => {
  const result = await remove(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});
