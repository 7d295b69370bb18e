import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { administrators, createdAt, KEY_SCOPES, serviceAccounts, workspaces, type KeyScope } from "./schema";

// Keyless CI (issue 29, docs/keyless-ci.md): which pipelines a service account trusts, and the
// identity tokens already exchanged. Beside the core schema so each file stays readable.

/** Bounds of a trust policy's issued-key lifetime, in minutes. */
export const KEY_LIFETIME_MINUTES = { min: 5, max: 60, default: 15 } as const;

/**
 * A trusted pipeline of a service account: an identity token whose `iss` and `aud` are these
 * exactly, whose `sub` matches one of `subjects` and whose other claims equal `claims` may be
 * exchanged for a key of the account (lib/domain/token-exchange.ts).
 */
export const trustPolicies = pgTable(
  "trust_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceAccountId: uuid("service_account_id")
      .notNull()
      .references(() => serviceAccounts.id, { onDelete: "cascade" }),
    name: text("name"),
    issuer: text("issuer").notNull(),
    audience: text("audience").notNull(),
    // Exact values or patterns (`*` within one segment; lib/token-exchange/subject-pattern.ts).
    subjects: text("subjects").array().notNull(),
    // Claim name → the exact string it must hold; {} = no condition beyond the subject.
    claims: jsonb("claims").$type<Record<string, string>>().notNull().default({}),
    keyLifetimeMinutes: integer("key_lifetime_minutes").notNull().default(KEY_LIFETIME_MINUTES.default),
    scope: text("scope", { enum: KEY_SCOPES }).$type<KeyScope>().notNull().default("full"),
    permissions: text("permissions").array(),
    // SET NULL: a deleted workspace leaves the policy issuing keys for the account's default.
    defaultWorkspaceId: uuid("default_workspace_id").references(() => workspaces.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    createdBy: uuid("created_by").references(() => administrators.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("trust_policies_lifetime_check", sql`${t.keyLifetimeMinutes} between ${sql.raw(String(KEY_LIFETIME_MINUTES.min))} and ${sql.raw(String(KEY_LIFETIME_MINUTES.max))}`),
    check("trust_policies_scope_check", sql`${t.scope} in (${sql.raw(KEY_SCOPES.map((r) => `'${r}'`).join(", "))})`),
    check("trust_policies_custom_permissions_check", sql`(${t.scope} = 'custom') = (${t.permissions} is not null)`),
    // The exchange looks policies up by the token's issuer.
    index("trust_policies_issuer_idx").on(t.issuer),
    index("trust_policies_service_account_idx").on(t.serviceAccountId),
  ],
);

/**
 * Identity tokens already exchanged, by issuer and `jti` (or the token's SHA-256 when it has no
 * `jti`): the primary key refuses a second exchange on any instance. A row is needed only while
 * its token could still be accepted (`expires_at`); later ones are deleted by the next exchange.
 */
export const exchangedTokens = pgTable(
  "exchanged_tokens",
  {
    issuer: text("issuer").notNull(),
    jti: text("jti").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.issuer, t.jti] }),
    // The clean-up deletes by expiry.
    index("exchanged_tokens_expires_at_idx").on(t.expiresAt),
  ],
);

export type TrustPolicy = typeof trustPolicies.$inferSelect;
