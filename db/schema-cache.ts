import { bigint, pgSequence, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

// Key checks from memory across instances (issue 15, README "Key checks from memory"): the leases
// of the instances that serve checks from memory, and the numbers changes wait on. Beside the core
// schema (db/schema.ts); db/client.ts and drizzle.config.ts take it too.

/** Numbers each change's barrier (db/change-barrier.ts): taken after the change committed. */
export const changeSequence = pgSequence("sa_change_seq");

/**
 * One row per running instance whose check cache may serve (lib/cache/lease.ts). An instance
 * serves only while its lease is fresh; a change is acknowledged to whoever made it once every
 * instance with a fresh lease (`lease_until > now()`, database time) has `acked_seq` at or past the
 * change's barrier. Rows of instances gone for an hour are deleted by the next one to register.
 */
export const cacheInstances = pgTable("cache_instances", {
  id: uuid("id").primaryKey(),
  leaseUntil: timestamp("lease_until", { withTimezone: true }).notNull(),
  ackedSeq: bigint("acked_seq", { mode: "number" }).notNull(),
  /** host:pid, for an operator reading the table. */
  host: text("host").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
});
