import { and, count, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { apiKeys, keyPolicy } from "../schema";

export type KeyPolicyDto = { maxLifetimeDays: number | null; defaultExpiryDays: number | null; updatedAt: Date };

/** The one row (migration 0007 inserts it); missing only if someone deleted it by hand: no limits then. */
export async function readKeyPolicy(db: Db | Tx): Promise<KeyPolicyDto> {
  const [row] = await db
    .select({ maxLifetimeDays: keyPolicy.maxLifetimeDays, defaultExpiryDays: keyPolicy.defaultExpiryDays, updatedAt: keyPolicy.updatedAt })
    .from(keyPolicy)
    .where(eq(keyPolicy.id, 1));
  return row ?? { maxLifetimeDays: null, defaultExpiryDays: null, updatedAt: new Date(0) };
}

/** Locks the row for the rest of the transaction, so a key is never issued under a policy being changed. */
export async function lockKeyPolicy(tx: Tx): Promise<KeyPolicyDto> {
  const [row] = await tx
    .select({ maxLifetimeDays: keyPolicy.maxLifetimeDays, defaultExpiryDays: keyPolicy.defaultExpiryDays, updatedAt: keyPolicy.updatedAt })
    .from(keyPolicy)
    .where(eq(keyPolicy.id, 1))
    .for("update");
  return row ?? { maxLifetimeDays: null, defaultExpiryDays: null, updatedAt: new Date(0) };
}

export async function writeKeyPolicy(tx: Db | Tx, input: { maxLifetimeDays: number | null; defaultExpiryDays: number | null; updatedBy: string }): Promise<void> {
  await tx
    .insert(keyPolicy)
    .values({ id: 1, ...input })
    .onConflictDoUpdate({ target: keyPolicy.id, set: { ...input, updatedAt: sql`now()` } });
}

/**
 * Settings' preview of a lower maximum lifetime: how many keys work at `at` (not disabled, not past
 * their own expiry, grace period or the current maximum) but are older than `maxLifetimeDays`,
 * so that the new maximum ends them at once. Counted in SQL; `least` skips the ends a key has not.
 */
export async function countKeysEndedByLifetime(db: Db | Tx, maxLifetimeDays: number, at: Date): Promise<number> {
  const now = sql`${at.toISOString()}::timestamptz`;
  const currentEnd = sql`least(${apiKeys.expiresAt}, ${apiKeys.graceEndsAt}, ${apiKeys.createdAt} + (select p.max_lifetime_days from ${keyPolicy} p where p.id = 1) * interval '24 hours')`;
  const [row] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(
      and(
        isNull(apiKeys.disabledAt),
        sql`(${currentEnd} is null or ${currentEnd} > ${now})`,
        sql`${apiKeys.createdAt} + ${maxLifetimeDays}::int * interval '24 hours' <= ${now}`,
      ),
    );
  return row?.n ?? 0;
}
