"use server";
import { revalidatePath } from "next/cache";
import { previewKeyPolicy, setKeyPolicy } from "@/lib/domain/key-lifecycle";
import { createGroupMapping, removeGroupMapping, updateGroupMapping } from "@/lib/domain/sso-mappings";
import { keyPolicySchema } from "@/lib/validations/key-lifecycle";
import { addGroupMappingSchema, removeGroupMappingSchema, updateGroupMappingSchema } from "@/lib/validations/sso-mappings";
import { defineAction } from "./define-action";

const SETTINGS = "/admin/settings";

export const saveKeyPolicy = defineAction({ schema: keyPolicySchema, permission: "write" }, async (input, ctx) => {
  const result = await setKeyPolicy(input, ctx);
  if (result.ok) revalidatePath(SETTINGS);
  return result;
});

/** Settings' check before Save: the same validation, and how many keys a lower maximum lifetime ends at once. */
export const previewKeyPolicyAction = defineAction({ schema: keyPolicySchema, permission: "write" }, async (input) => ({
  ok: true,
  data: await previewKeyPolicy(input),
}));

// Single sign-on group mappings (README "Single sign-on"); the Settings page lists them.
export const addGroupMappingAction = defineAction({ schema: addGroupMappingSchema, permission: "write" }, async (input, ctx) => {
  const result = await createGroupMapping(input, ctx);
  if (result.ok) revalidatePath(SETTINGS);
  return result.ok ? { ok: true, message: result.message } : result;
});

export const updateGroupMappingAction = defineAction({ schema: updateGroupMappingSchema, permission: "write" }, async (input, ctx) => {
  const result = await updateGroupMapping(input, ctx);
  if (result.ok) revalidatePath(SETTINGS);
  return result;
});

export const removeGroupMappingAction = defineAction({ schema: removeGroupMappingSchema, permission: "write" }, async (input, ctx) => {
  const result = await removeGroupMapping(input, ctx);
  if (result.ok) revalidatePath(SETTINGS);
  return result;
});
