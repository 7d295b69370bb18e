import { z } from "zod";
import { CONTROL_CHARACTERS_MESSAGE, idSchema, NO_CONTROL_CHARACTERS } from "./common";
import { KEY_SCOPES } from "@/db/schema";
import { canonicalPermission, isKnownPermission } from "@/lib/scopes";
import { expirySchema } from "./key-lifecycle";

export const apiKeyNameSchema = z
  .string({ error: "Enter text" })
  .trim()
  .max(100, "Use at most 100 characters")
  .regex(NO_CONTROL_CHARACTERS, CONTROL_CHARACTERS_MESSAGE)
  .optional()
  .transform((v) => (v ? v : null));

/** **Scope** of Add key: a preset, or Custom with a checklist of Opik's permissions (lib/scopes.ts). */
export const scopeFieldsSchema = z.object({
  scope: z.enum(KEY_SCOPES, { error: "Choose a scope" }).optional().default("full"),
  permissions: z
    .union([z.string(), z.array(z.string())], { error: "Choose permissions from the list" })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).map((p) => p.trim()).filter(Boolean).map(canonicalPermission))
    .refine((list) => list.length <= 200, "Choose permissions from the list"),
});

/** A custom scope lists at least one permission, each one Opik knows (keys and trusted pipelines alike). */
export function refineCustomScope(v: { scope: string; permissions: string[] }, ctx: z.RefinementCtx): void {
  if (v.scope !== "custom") return;
  const unknown = v.permissions.filter((p) => !isKnownPermission(p));
  if (unknown.length) ctx.addIssue({ code: "custom", path: ["permissions"], message: `Not an Opik permission: ${unknown.slice(0, 3).map((p) => `"${p.slice(0, 40)}"`).join(", ")}` });
  else if (v.permissions.length === 0) ctx.addIssue({ code: "custom", path: ["permissions"], message: "Choose at least one permission for a custom scope" });
}

/** The permissions stored with a scope: a custom scope's, once each; presets carry no list of their own (they follow lib/scopes.ts). */
export const scopePermissions = <T extends { scope: string; permissions: string[] }>(v: T): Omit<T, "permissions"> & { permissions: string[] | null } => ({
  ...v,
  permissions: v.scope === "custom" ? [...new Set(v.permissions)] : null,
});

export const createApiKeySchema = z
  .object({ serviceAccountId: idSchema, name: apiKeyNameSchema })
  .extend(expirySchema.shape)
  .extend(scopeFieldsSchema.shape)
  .superRefine(refineCustomScope)
  .transform(scopePermissions);
export const deleteApiKeySchema = z.object({ serviceAccountId: idSchema, keyId: idSchema });
