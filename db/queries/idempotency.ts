import { and, eq, lt } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { idempotencyKeys } from "../schema-api";

export type StoredAnswer = { requestHash: string; status: number | null; sealed: string | null };

/** Claims (token, key) for a first request; null when it is claimed already (then `findIdempotencyKey`). */
export async function claimIdempotencyKey(db: Db | Tx, input: { tokenId: string; key: string; requestHash: string; expiredBefore: Date }): Promise<boolean> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.tokenId, input.tokenId), lt(idempotencyKeys.createdAt, input.expiredBefore)));
  const rows = await db
    .insert(idempotencyKeys)
    .values({ tokenId: input.tokenId, key: input.key, requestHash: input.requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

export async function findIdempotencyKey(db: Db | Tx, tokenId: string, key: string): Promise<StoredAnswer | null> {
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, status: idempotencyKeys.status, sealed: idempotencyKeys.sealed })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
  return row ?? null;
}

export async function storeIdempotentAnswer(db: Db | Tx, tokenId: string, key: string, status: number, sealed: string): Promise<void> {
  await db.update(idempotencyKeys).set({ status, sealed }).where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
}

/** A first request that was refused or failed: the key is free again for a corrected retry. */
export async function releaseIdempotencyKey(db: Db | Tx, tokenId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.tokenId, tokenId), eq(idempotencyKeys.key, key)));
}
