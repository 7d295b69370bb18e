import { z } from "zod";

/** Every action an audit event can record, with its name in words (the audit log shows these). */
export const AUDIT_ACTION_LABELS = {
  "service_account.create": "Service account created",
  "service_account.update": "Service account edited",
  "service_account.disable": "Service account disabled",
  "service_account.enable": "Service account enabled",
  "service_account.delete": "Service account deleted",
  "api_key.create": "API key added",
  "api_key.roll": "API key rolled",
  "api_key.disable": "API key disabled",
  "api_key.enable": "API key enabled",
  "api_key.end_grace": "Grace period ended",
  "api_key.delete": "API key deleted",
  "api_key.exchange": "Key issued to a trusted pipeline",
  "api_key.exchange_refused": "Token exchange refused",
  "trust_policy.create": "Trusted pipeline added",
  "trust_policy.update": "Trusted pipeline edited",
  "trust_policy.delete": "Trusted pipeline deleted",
  "key_policy.update": "Key policy changed",
  "workspace.create": "Workspace created",
  "workspace.delete": "Workspace deleted",
  "administrator.create": "Person added",
  "administrator.invite": "Person invited",
  "administrator.invitation_accept": "Invitation accepted",
  "administrator.invitation_revoke": "Invitation revoked",
  "administrator.update": "Person edited",
  // Role changes before Edit person (issue 11) recorded this; kept so older events stay filterable.
  "administrator.change_role": "Role changed",
  "administrator.disable": "Person disabled",
  "administrator.enable": "Person enabled",
  "administrator.remove": "Person removed",
  "administrator.sign_out_everywhere": "Signed out everywhere",
  "administrator.password_change": "Password changed",
  "administrator.password_reset": "Password reset",
  "auth.sign_in": "Signed in",
  "auth.sign_out": "Signed out",
  "auth.sign_in_refused": "Sign-in refused",
  "administrator.sso_link": "Linked to single sign-on",
  "administrator.sso_groups": "Role or workspaces set by groups",
  "sso_group_mapping.create": "Group mapping added",
  "sso_group_mapping.update": "Group mapping edited",
  "sso_group_mapping.remove": "Group mapping removed",
  "management_token.create": "Management token created",
  "management_token.revoke": "Management token revoked",
  "access.sign_in": "Signed in to Opik's web UI",
  "access.switch_workspace": "Switched workspace in Opik's web UI",
  "access.sign_out": "Signed out of Opik's web UI",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as [AuditAction, ...AuditAction[]];

/** The action in words; an action recorded by a newer version shows as stored. */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action as AuditAction] : action;
}

/** A target type in words: people are stored as "administrator" (the table's name), shown as "person". */
export function auditTargetTypeLabel(type: string): string {
  return type === "administrator" ? "person" : type.replaceAll("_", " ");
}

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
