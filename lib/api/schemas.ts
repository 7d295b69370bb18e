import { z } from "zod";
import { KEY_SCOPES, ROLES } from "@/db/schema";

/**
 * The management API's answers, as zod schemas for the OpenAPI document (lib/api/openapi.ts).
 * Requests are the dashboard's own schemas (lib/validations), field for field.
 */
const id = z.uuid();
const time = z.iso.datetime({ offset: true });
const ref = z.object({ id, name: z.string() });

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    errors: z.record(z.string(), z.array(z.string())).optional().describe("Field errors: the same messages the dashboard's forms show"),
  })
  ;

export const workspaceSchema = z
  .object({ id, name: z.string(), createdAt: time, serviceAccountCount: z.int(), personCount: z.int() })
  ;

export const serviceAccountSchema = z
  .object({
    id,
    name: z.string(),
    description: z.string().nullable(),
    defaultWorkspace: ref.nullable(),
    allWorkspaces: z.boolean().describe("Every workspace, including workspaces created later (then authorizedWorkspaces is empty)"),
    authorizedWorkspaces: z.array(ref).describe("Only these workspaces (empty when allWorkspaces is true)"),
    apiKeyCount: z.int(),
    lastUsedAt: time.nullable(),
    createdAt: time,
    disabledAt: time.nullable(),
  })
  ;

export const serviceAccountPageSchema = z
  .object({ items: z.array(serviceAccountSchema), total: z.int(), page: z.int(), pageCount: z.int() })
  ;

export const apiKeySchema = z
  .object({
    id,
    name: z.string().nullable(),
    hint: z.string(),
    createdAt: time,
    lastUsedAt: time.nullable(),
    disabledAt: time.nullable(),
    expiresAt: time.nullable(),
    graceEndsAt: time.nullable(),
    rolledToKeyId: id.nullable(),
    scope: z.enum(KEY_SCOPES),
    permissions: z.array(z.string()).nullable(),
    issuedTo: z.object({ subject: z.string(), issuer: z.string() }).nullable().describe("A key a token exchange minted (Keyless CI): the pipeline's identity"),
  })
  ;

export const createdApiKeySchema = apiKeySchema.extend({ key: z.string().describe("The key itself: in this answer only, never again") });

export const personSchema = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  defaultWorkspace: ref.nullable(),
  allWorkspaces: z.boolean().describe("Every workspace, including workspaces created later (then authorizedWorkspaces is empty)"),
  authorizedWorkspaces: z.array(ref).describe("Only these workspaces (empty when allWorkspaces is true)"),
  createdAt: time,
  lastSignInAt: time.nullable(),
  disabledAt: time.nullable(),
  seeUnmasked: z.boolean().describe("See unmasked data: off = Opik shows this person its redacted view (original_data_view not granted)"),
  hasPassword: z.boolean(),
  ssoLinked: z.boolean(),
  groupsManaged: z.boolean().describe("Role and workspaces follow single sign-on group mappings (read-only)"),
  invitationExpiresAt: time.nullable().describe("When their open invitation's link ends (past: expired); null when they have none"),
});

export const invitedPersonSchema = personSchema.extend({
  invitation: z
    .object({ link: z.string().describe("Where they set their own password: in this answer only, never again"), expiresAt: time })
    .optional()
    .describe("With invite: true only"),
});

export const keyPolicyOutSchema = z.object({
  maxLifetimeDays: z.int().nullable().describe("Null: no limit"),
  defaultExpiryDays: z.int().nullable().describe("Null: Never"),
});

export const auditEventSchema = z.object({
  id,
  occurredAt: time,
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  targetName: z.string().nullable(),
  clientAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const auditPageSchema = z.object({
  items: z.array(auditEventSchema),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
});
export const list = <T extends z.ZodType>(item: T, _name: string) => z.object({ items: z.array(item) });

/** Dates as ISO strings, a key's lifetime left out (an internal detail of the expiry). */
export function apiKeyOut(key: {
  id: string;
  name: string | null;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  disabledAt: Date | null;
  expiresAt: Date | null;
  graceEndsAt: Date | null;
  rolledToKeyId: string | null;
  scope: string;
  permissions: string[] | null;
  issuedSubject?: string | null;
  issuedIssuer?: string | null;
}) {
  const { id, name, hint, createdAt, lastUsedAt, disabledAt, expiresAt, graceEndsAt, rolledToKeyId, scope, permissions } = key;
  const issuedTo = key.issuedSubject && key.issuedIssuer ? { subject: key.issuedSubject, issuer: key.issuedIssuer } : null;
  return { id, name, hint, createdAt, lastUsedAt, disabledAt, expiresAt, graceEndsAt, rolledToKeyId, scope, permissions, issuedTo };
}
