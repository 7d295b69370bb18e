import { z } from "zod";
import type { ServiceAccountListParams } from "@/db/queries/service-accounts";
import { CONTROL_CHARACTERS_MESSAGE, MAX_INPUT, NO_CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS, idSchema } from "./common";
import { refineWorkspaceAccess, workspaceAccessShape } from "./workspace-access";

export const SERVICE_ACCOUNT_NAME_MAX = 64;
// "*", not "+": an empty name gets only "Enter a name".
export const SERVICE_ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9._-]*$/;

export const serviceAccountNameSchema = z
  .string({ error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(SERVICE_ACCOUNT_NAME_MAX, `Use at most ${SERVICE_ACCOUNT_NAME_MAX} characters`)
  .regex(SERVICE_ACCOUNT_NAME_PATTERN, 'Use only letters, digits, ".", "_" and "-"');

/** The fields of Create and Edit service account: every one is posted, and Edit replaces what is stored. */
const serviceAccountFields = {
  name: serviceAccountNameSchema,
  description: z
    .string({ error: "Enter text" })
    .trim()
    .max(500, "Use at most 500 characters")
    .regex(NO_CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS, CONTROL_CHARACTERS_MESSAGE)
    .optional()
    .transform((v) => (v ? v : null)),
  ...workspaceAccessShape,
};

export const createServiceAccountSchema = z.object(serviceAccountFields).superRefine(refineWorkspaceAccess);

export type CreateServiceAccountInput = z.infer<typeof createServiceAccountSchema>;

/**
 * Edit service account. `revision` is the account as the form was opened on (db/queries
 * `revisionOf`): a save over someone else's change is refused instead of undoing it unseen.
 */
export const updateServiceAccountSchema = z
  .object({
    id: idSchema,
    revision: z.string({ error: "Reload the page and try again" }).regex(/^[A-Za-z0-9_-]{43}$/, "Reload the page and try again"),
    ...serviceAccountFields,
  })
  .superRefine(refineWorkspaceAccess);

export type UpdateServiceAccountInput = z.infer<typeof updateServiceAccountSchema>;

/** Disable service account (`disabled=true`) / Enable service account (`disabled=false`). */
export const setServiceAccountDisabledSchema = z.object({
  id: idSchema,
  disabled: z.enum(["true", "false"], { error: "Choose disable or enable" }).transform((v) => v === "true"),
});

export const deleteServiceAccountSchema = z.object({
  id: idSchema,
  confirmName: z.string({ error: "Type the account's name to confirm" }).max(MAX_INPUT, "Type the account's name to confirm"),
});

/** URL state of the Service Accounts table; anything unreadable falls back to the default. */
export const serviceAccountSortColumns = ["name", "createdAt", "lastUsedAt"] as const;
export type ServiceAccountSort = (typeof serviceAccountSortColumns)[number];
export const PAGE_SIZES = [10, 20, 50, 100] as const;
/** The management API takes any page size from 1 to this (the dashboard offers PAGE_SIZES). */
export const MAX_PAGE_SIZE = 100;

export const serviceAccountListParamsSchema = z.object({
  q: z.string().trim().max(200).catch("").default(""),
  sort: z.enum(serviceAccountSortColumns).catch("createdAt").default("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(20)
    .default(20),
}) satisfies z.ZodType<ServiceAccountListParams>;
/** `?keys=<account id>` opens that account's API keys modal. */
export const apiKeysParamSchema = z.object({ keys: z.uuid().optional().catch(undefined) });

