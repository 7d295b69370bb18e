import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { administrators, createdAt, sessions, workspaces } from "./schema";

// The tables of the Opik-web-UI sign-in (issue 11), beside the core schema (db/schema.ts) so each
// file stays readable; db/client.ts and drizzle.config.ts take both.

/**
 * One-time codes of the Opik-host sign-in (README "Use with Opik"): issued on this service's host
 * to a signed-in browser, exchanged once on the Opik host's callback for a person credential.
 * Only the SHA-256 of the code is stored; a code lives ACCESS_CODE_TTL_S and is single use, and
 * works only in the browser that started the sign-in (state_hash).
 */
export const accessCodes = pgTable(
  "access_codes",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    // Where the callback sends the browser: a URL under OPIK_UI_URL, checked when the code is issued.
    redirectTo: text("redirect_to").notNull(),
    // SHA-256 of the state cookie the Opik host set when this sign-in started (issue 23 item 3):
    // the callback takes the code only from the browser holding that cookie. Null on codes issued
    // before the column existed (they lived a minute); a null never matches.
    stateHash: text("state_hash"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("access_codes_session_idx").on(t.sessionId)],
);

/** Why a person credential ended; null while it is live. */
export const CREDENTIAL_END_REASONS = ["switch", "workspace_change", "unmasked_change", "sign_out"] as const;

/**
 * Person credentials: what the proxy in front of Opik's web UI puts in `Authorization` for a
 * signed-in person (PRODUCT.md §7). Opaque and random; only the SHA-256 is stored. Each belongs
 * to one dashboard session (it dies with it: sign-out, role change, password reset, removal) and
 * maps `default` to one workspace for its whole life (Opik caches answers per credential), so
 * switching workspace issues a new one. Idle after ACCESS_IDLE_TIMEOUT_S without use.
 */
export const personCredentials = pgTable(
  "person_credentials",
  {
    id: text("id").primaryKey(),
    sessionId: text("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => administrators.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endedReason: text("ended_reason", { enum: CREDENTIAL_END_REASONS }),
  },
  (t) => [
    index("person_credentials_session_idx").on(t.sessionId),
    index("person_credentials_person_idx").on(t.personId),
    index("person_credentials_workspace_idx").on(t.workspaceId),
    check("person_credentials_ended_reason_check", sql`${t.endedReason} in (${sql.raw(CREDENTIAL_END_REASONS.map((r) => `'${r}'`).join(", "))})`),
    check("person_credentials_ended_check", sql`(${t.endedAt} is null) = (${t.endedReason} is null)`),
  ],
);

export type PersonCredential = typeof personCredentials.$inferSelect;
export type CredentialEndReason = (typeof CREDENTIAL_END_REASONS)[number];
