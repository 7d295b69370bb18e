import { sql } from "drizzle-orm";
import {
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

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
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "viewer"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("administrators_email_lower_idx").on(sql`lower(${t.email})`),
    check("administrators_role_check", sql`${t.role} in ('admin', 'viewer')`),
  ],
);

/** Why a session ended; null while it is live. */
export const SESSION_END_REASONS = ["sign_out", "sign_out_everywhere", "role_change", "password_change", "password_reset"] as const;

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
  },
  (t) => [
    // The single lookup of every key check.
    uniqueIndex("api_keys_hash_idx").on(t.hash),
    index("api_keys_service_account_idx").on(t.serviceAccountId),
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
export type Session = typeof sessions.$inferSelect;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];
export type Role = Administrator["role"];
