import { z } from "zod";

export const AUDIT_ACTIONS = [
  "service_account.create",
  "service_account.update",
  "service_account.disable",
  "service_account.enable",
  "service_account.delete",
  "api_key.create",
  "api_key.delete",
  "workspace.create",
  "workspace.delete",
  "administrator.create",
  "administrator.update",
  // Role changes before Edit person (issue 11) recorded this; kept so older events stay filterable.
  "administrator.change_role",
  "administrator.remove",
  "administrator.sign_out_everywhere",
  "administrator.password_change",
  "administrator.password_reset",
] as const;

export const AUDIT_PAGE_SIZES = [20, 50, 100] as const;

/** URL state of the audit log; anything unreadable falls back to "no filter". */
export const auditListParamsSchema = z.object({
  action: z.enum(AUDIT_ACTIONS).or(z.literal("")).catch("").default(""),
  actor: z.string().trim().max(254).catch("").default(""),
  target: z.string().trim().max(200).catch("").default(""),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
  size: z.coerce
    .number()
    .int()
    .refine((n) => (AUDIT_PAGE_SIZES as readonly number[]).includes(n))
    .catch(50)
    .default(50),
});
