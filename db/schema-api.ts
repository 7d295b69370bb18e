import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { administrators, createdAt } from "./schema";

// The tables of the management API (issue 17), beside the core schema (db/schema.ts) so each file
// stays readable; db/client.ts and drizzle.config.ts take them all.

/** What a management token may do (README "Automate it"): read everything, or read and change. */
export const TOKEN_ACCESS = ["read", "write"] as const;
export type TokenAccess = (typeof TOKEN_ACCESS)[number];

/**
 * Management tokens of the REST API under /api/v1/ (issue 17): created on the Settings page, shown
 * once, stored as SHA-256 like API keys. The creator's email is kept beside the id, so the audit
 * log names them after they are removed.
 */
export const managementTokens = pgTable(
  "management_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    access: text("access", { enum: TOKEN_ACCESS }).notNull(),
    hash: text("hash").notNull(),
    hint: text("hint").notNull(),
    createdBy: uuid("created_by").references(() => administrators.id, { onDelete: "set null" }),
    createdByEmail: text("created_by_email").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("management_tokens_hash_idx").on(t.hash),
    check("management_tokens_access_check", sql`${t.access} in ('read', 'write')`),
  ],
);

/**
 * Idempotency-Key of the management API's creates (README "Automate it"): the first answer of a
 * create per token and key, for 24 hours, so a retried CI job gets it again instead of a second
 * account. `status` is null while the first request runs. The answer is sealed (AES-256-GCM with a
 * key derived from AUTH_SECRET): a created API key is in it.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tokenId: uuid("token_id")
      .notNull()
      .references(() => managementTokens.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    sealed: text("sealed"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.key] }), index("idempotency_keys_created_at_idx").on(t.createdAt)],
);

export type ManagementToken = typeof managementTokens.$inferSelect;
