import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * People (table `administrators`, its name from before people had roles other than admin):
 * `admin` changes everything, `viewer` reads the dashboard, `member` uses Opik's web UI only.
 */
export const ROLES = ["admin", "viewer", "member"] as const;

/** A key's scope (lib/scopes.ts defines what each preset grants). */
export const KEY_SCOPES = ["full", "ingest", "read", "masked", "custom"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const workspaces = pgTable(
  "workspaces",
  {
    // Stable forever: Opik partitions every trace and span by this id.
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // Names are unique case-insensitively; the Opik backend sends names in any case.
    uniqueIndex("workspaces_name_lower_idx").on(sql`lower(${t.name})`),
  ],
);

export const administrators = pgTable(
  "administrators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    // Null for someone who signs in only with single sign-on (created at their first SSO sign-in).
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull(),
    // Same meaning as a service account's (PRODUCT.md §2): where `default` leads in Opik's web UI.
    // RESTRICT: a workspace someone uses cannot disappear underneath them (the action names them).
    defaultWorkspaceId: uuid("default_workspace_id").references((): AnyPgColumn => workspaces.id, { onDelete: "restrict" }),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true }),
    // Disabled: cannot sign in; their sessions ended when they were disabled (and with them every
    // Opik-web-UI credential). Enabling lets them sign in again.
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // See unmasked data (docs/service-accounts-and-keys.md "Redaction in Opik"): off takes Opik's original_data_view away from their
    // credentials, so Opik's read-time redaction masks what they read. On by default, as Opik's own.
    seeUnmasked: boolean("see_unmasked").notNull().default(true),
    // The identity provider's `sub` for this person (single sign-on, README "Single sign-on"): set
    // at their first SSO sign-in, after which that subject always means this person.
    ssoSubject: text("sso_subject"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("administrators_email_lower_idx").on(sql`lower(${t.email})`),
    uniqueIndex("administrators_sso_subject_idx").on(t.ssoSubject),
    check("administrators_role_check", sql`${t.role} in ('admin', 'viewer', 'member')`),
    index("administrators_default_workspace_idx").on(t.defaultWorkspaceId),
  ],
);

/** A person's authorized workspaces: empty = every workspace (as for service accounts). */
export const personWorkspaces = pgTable(
  "person_workspaces",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => administrators.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.personId, t.workspaceId] }), index("person_workspaces_workspace_idx").on(t.workspaceId)],
);

/**
 * Invitations (docs/people-and-roles.md "Invitations"): Add person without a password hands out a
 * one-time link where the person sets their own. Only the token's SHA-256 is stored; the link is
 * shown once. Pending = neither accepted nor revoked, before `expires_at`, while the person still
 * has no password (an admin's Reset password supersedes it).
 */
export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => administrators.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: createdAt(),
    createdBy: uuid("created_by").references(() => administrators.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    // The one lookup of the invitation page.
    uniqueIndex("invitations_token_hash_idx").on(t.tokenHash),
    // The People page's "Invited" status and the FK's cascade.
    index("invitations_person_idx").on(t.personId),
  ],
);

/** Why a session ended; null while it is live. */
export const SESSION_END_REASONS = ["sign_out", "sign_out_everywhere", "role_change", "password_change", "password_reset", "disabled", "sso_groups"] as const;

/**
 * Dashboard sign-ins, recorded server-side so that a session can end before its cookie does. The
 * Auth.js JWT carries a random 256-bit token; only its SHA-256 is stored, as `id`. The JWT is
 * encrypted with AUTH_SECRET, so a cookie cannot be forged without that secret; storing the hash
 * means a copy of this table is not enough either, even together with the secret: a live session
 * id exists only in its browser's cookie. The hash is not secret and serves as the session's handle.
 * Removing an administrator deletes their sessions (cascade), which ends them.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    administratorId: uuid("administrator_id")
      .notNull()
      .references(() => administrators.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    // Absolute: set once at sign-in; renewing the cookie never moves it.
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedReason: text("ended_reason", { enum: SESSION_END_REASONS }),
    clientAddress: text("client_address"),
  },
  (t) => [
    // "End every session of this person" (sign out everywhere, role change) and the FK's cascade.
    index("sessions_administrator_idx").on(t.administratorId),
    check("sessions_ended_reason_check", sql`${t.endedReason} in (${sql.raw(SESSION_END_REASONS.map((r) => `'${r}'`).join(", "))})`),
    check("sessions_ended_check", sql`(${t.endedAt} is null) = (${t.endedReason} is null)`),
  ],
);

export const serviceAccounts = pgTable(
  "service_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    // RESTRICT: a workspace in use cannot disappear underneath an account (the action explains why first).
    defaultWorkspaceId: uuid("default_workspace_id").references(() => workspaces.id, {
      onDelete: "restrict",
    }),
    // Denormalised max(api_keys.last_used_at) so the list can sort by it with an index at 100k rows.
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    // Disabled: every key of the account is refused; the keys' own states are untouched, so
    // enabling the account restores exactly the keys that were enabled before.
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    createdAt: createdAt(),
    createdBy: uuid("created_by").references(() => administrators.id, { onDelete: "set null" }),
  },
  (t) => [
    // Case-insensitive uniqueness is enforced by the database, not only by a read-then-write check.
    uniqueIndex("service_accounts_name_lower_idx").on(sql`lower(${t.name})`),
    // The list page sorts by these columns; the id breaks ties for stable pagination.
    index("service_accounts_created_at_idx").on(t.createdAt, t.id),
    // Last used: never-used accounts go last in both directions, so each direction needs its own
    // nulls placement: this one serves "asc nulls last" (and, backwards, "desc nulls first")...
    index("service_accounts_last_used_at_idx").on(t.lastUsedAt, t.id),
    // ...and this one "desc nulls last" (and, backwards, "asc nulls first").
    index("service_accounts_last_used_at_desc_idx").on(t.lastUsedAt.desc().nullsLast(), t.id.desc().nullsFirst()),
    // "Name contains" search (LIKE '%…%') through trigrams; the extension comes with migration 0002.
    // No pending list (fastupdate): accounts are created one at a time, and without a vacuum every
    // search would read the whole unsorted list (up to 4 MB) on top of the index.
    index("service_accounts_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`).with({ fastupdate: false }),
    // "Which accounts use this workspace?" when a workspace is deleted.
    index("service_accounts_default_workspace_idx").on(t.defaultWorkspaceId),
  ],
);

export const serviceAccountWorkspaces = pgTable(
  "service_account_workspaces",
  {
    serviceAccountId: uuid("service_account_id")
      .notNull()
      .references(() => serviceAccounts.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "restrict" }),
  },
  (t) => [
    primaryKey({ columns: [t.serviceAccountId, t.workspaceId] }),
    // Reverse lookup for workspace deletion and per-workspace account counts.
    index("service_account_workspaces_workspace_idx").on(t.workspaceId),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceAccountId: uuid("service_account_id")
      .notNull()
      .references(() => serviceAccounts.id, { onDelete: "cascade" }),
    name: text("name"),
    // SHA-256 (hex) of the full key. The plaintext is never stored.
    hash: text("hash").notNull(),
    // Non-secret display hint: prefix, a few leading characters, "…", last 4.
    hint: text("hint").notNull(),
    createdAt: createdAt(),
    createdBy: uuid("created_by").references(() => administrators.id, { onDelete: "set null" }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // Refused from this instant on; null = never (unless the policy's maximum lifetime says otherwise).
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    // The expiry rule a roll hands on: a lifetime in seconds from creation, or null (a fixed date, or never).
    lifetimeS: integer("lifetime_s"),
    // Set on a key that was rolled: it stays valid until then, and is refused after.
    graceEndsAt: timestamp("grace_ends_at", { withTimezone: true }),
    // The key a roll replaced this one with (no FK: deleting either key leaves the other alone).
    rolledToKeyId: uuid("rolled_to_key_id"),
    // What the key may do in Opik (lib/scopes.ts): a preset, or `custom` with its own permission list.
    // Presets are resolved on every check, so a key follows its preset's definition.
    scope: text("scope", { enum: KEY_SCOPES }).notNull().default("full"),
    permissions: text("permissions").array(),
    // A key minted by a token exchange (Keyless CI, docs/keyless-ci.md): the identity token's
    // subject and issuer; null on every other key. Such keys are deleted a day after they expire.
    issuedSubject: text("issued_subject"),
    issuedIssuer: text("issued_issuer"),
  },
  (t) => [
    check("api_keys_issued_check", sql`(${t.issuedSubject} is null) = (${t.issuedIssuer} is null)`),
    check("api_keys_scope_check", sql`${t.scope} in (${sql.raw(KEY_SCOPES.map((r) => `'${r}'`).join(", "))})`),
    check("api_keys_custom_permissions_check", sql`(${t.scope} = 'custom') = (${t.permissions} is not null)`),
    // The single lookup of every key check.
    uniqueIndex("api_keys_hash_idx").on(t.hash),
    index("api_keys_service_account_idx").on(t.serviceAccountId),
  ],
);

/**
 * The key policy (one row, id 1; README "Key lifecycle"): the maximum lifetime applies to new keys
 * and, on every check, to older ones (a key older than it is refused as expired); the default
 * expiry preselects **Expires** in Add key. Null = no limit / Never.
 */
export const keyPolicy = pgTable(
  "key_policy",
  {
    id: integer("id").primaryKey().default(1),
    maxLifetimeDays: integer("max_lifetime_days"),
    defaultExpiryDays: integer("default_expiry_days"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => administrators.id, { onDelete: "set null" }),
  },
  (t) => [
    check("key_policy_single_row", sql`${t.id} = 1`),
    check("key_policy_max_positive", sql`${t.maxLifetimeDays} is null or ${t.maxLifetimeDays} between 1 and 3650`),
    check("key_policy_default_positive", sql`${t.defaultExpiryDays} is null or ${t.defaultExpiryDays} between 1 and 3650`),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    // No foreign keys: events outlive the administrator and the target they describe.
    actorId: uuid("actor_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetName: text("target_name"),
    clientAddress: text("client_address"),
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_events_occurred_at_idx").on(t.occurredAt),
    index("audit_events_target_idx").on(t.targetType, t.targetId),
    // The audit log filters by action and lists newest first.
    index("audit_events_action_idx").on(t.action, t.occurredAt),
  ],
);

export type Workspace = typeof workspaces.$inferSelect;
export type Administrator = typeof administrators.$inferSelect;
export type ServiceAccount = typeof serviceAccounts.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type KeyPolicy = typeof keyPolicy.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
export type Role = (typeof ROLES)[number];
