"use server";
import { revalidatePath } from "next/cache";
import { setKeyPolicy } from "@/lib/domain/key-lifecycle";
import { keyPolicySchema } from "@/lib/validations/key-lifecycle";
import { defineAction } from "./define-action";

export const saveKeyPolicy = defineAction({ schema: keyPolicySchema, permission: "write" }, async (input, ctx) => {
  const result = await setKeyPolicy(input, ctx);
  if (result.ok) revalidatePath("/admin/settings");
  return result;
});
