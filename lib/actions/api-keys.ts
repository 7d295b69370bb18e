"use server";
import { revalidatePath } from "next/cache";
import { createApiKey as create, deleteApiKey as remove } from "@/lib/domain/api-keys";
import { endGracePeriod, rollApiKey as roll, setApiKeyDisabled } from "@/lib/domain/key-lifecycle";
import { createApiKeySchema, deleteApiKeySchema } from "@/lib/validations/api-keys";
import { keyRefSchema, rollKeySchema, setKeyDisabledSchema } from "@/lib/validations/key-lifecycle";
import { defineAction } from "./define-action";

const PATH = "/admin/service-accounts";

/**
 * No revalidatePath here, unlike every other action: a revalidating action's response carries the
 * page's new render beside its result, and the browser keeps that response, the new key with it,
 * for as long as the page uses anything decoded from it (a form's server action in the layout,
 * for instance). Add key refreshes the page with a request of its own instead (components/api-keys/add-key.tsx).
 */
export const createApiKey = defineAction({ schema: createApiKeySchema, permission: "write" }, async (input, ctx) => create(input, ctx));

export const deleteApiKey = defineAction({ schema: deleteApiKeySchema, permission: "write" }, async (input, ctx) => {
  const result = await remove(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

/** Roll key reveals a new key: no revalidatePath, for the reason Add key has none (above). */
export const rollApiKey = defineAction({ schema: rollKeySchema, permission: "write" }, async (input, ctx) => roll(input, ctx));

export const setApiKeyDisabledAction = defineAction({ schema: setKeyDisabledSchema, permission: "write" }, async (input, ctx) => {
  const result = await setApiKeyDisabled(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});

export const endGracePeriodAction = defineAction({ schema: keyRefSchema, permission: "write" }, async (input, ctx) => {
  const result = await endGracePeriod(input, ctx);
  if (result.ok) revalidatePath(PATH);
  return result;
});
