"use server";
import { revalidatePath } from "next/cache";
import { createManagementToken, revokeManagementToken } from "@/lib/domain/management-tokens";
import { createManagementTokenSchema, revokeManagementTokenSchema } from "@/lib/validations/management-tokens";
import { defineAction } from "./define-action";

/**
 * Create token reveals the token once: no revalidatePath, for the reason Add key has none
 * (lib/actions/api-keys.ts); the Settings page refreshes with a request of its own.
 */
export const createManagementTokenAction = defineAction({ schema: createManagementTokenSchema, permission: "write" }, async (input, ctx) =>
  createManagementToken(input, ctx),
);

export const revokeManagementTokenAction = defineAction({ schema: revokeManagementTokenSchema, permission: "write" }, async (input, ctx) => {
  const result = await revokeManagementToken(input, ctx);
  if (result.ok) revalidatePath("/admin/settings");
  return result;
});
