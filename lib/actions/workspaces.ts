"use server";
import { revalidatePath } from "next/cache";
import { createWorkspace as create, deleteWorkspace as remove, workspaceUsage } from "@/lib/domain/workspaces";
import { createWorkspaceSchema, deleteWorkspaceSchema } from "@/lib/validations/workspaces";
import { defineAction } from "./define-action";

export const createWorkspace = defineAction({ schema: createWorkspaceSchema, permission: "write" }, async (input, ctx) => {
  const result = await create(input, ctx);
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
});

/** Who uses the workspace (Delete workspace's dialog refuses early when anyone does). */
export const workspaceUsageAction = defineAction({ schema: deleteWorkspaceSchema, permission: "write" }, (input) => workspaceUsage(input));

export const deleteWorkspace = defineAction({ schema: deleteWorkspaceSchema, permission: "write" }, async (input, ctx) => {
  const result = await remove(input, ctx);
  if (result.ok) revalidatePath("/admin", "layout");
  return result;
});
