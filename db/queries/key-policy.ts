import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { keyPolicy } from "../schema";

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
