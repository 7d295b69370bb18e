import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, sessions } from "../schema";
import { accessCodes } from "../schema-access";

export async function insertAccessCode(
  tx: Db | Tx,
  input: { id: string; sessionId: string; redirectTo: string; stateHash: string; ttlS: number },
): Promise<void> {
  await tx.insert(accessCodes).values({
    id: input.id,
    sessionId: input.sessionId,
    redirectTo: input.redirectTo,
    stateHash: input.stateHash,
    expiresAt: sql`now() + ${input.ttlS} * interval '1 second'`,
  });
}

export type RedeemedCode = {
  sessionId: string;
  redirectTo: string;
  stateHash: string | null;
  personId: string;
  email: string;
  defaultWorkspaceId: string | null;
};

/**
 * Uses a one-time code: marks it used if it is unused and unexpired, in the same statement (two
 * redemptions at once cannot both succeed), and returns its session and person when the session
 * is still live. A used, expired or unknown code, or one whose session ended, returns null.
 */
export async function redeemAccessCode(tx: Db | Tx, id: string): Promise<RedeemedCode | null> {
  const [used] = await tx
    .update(accessCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(accessCodes.id, id), isNull(accessCodes.usedAt), gt(accessCodes.expiresAt, sql`now()`)))
    .returning({ sessionId: accessCodes.sessionId, redirectTo: accessCodes.redirectTo, stateHash: accessCodes.stateHash });
  if (!used) return null;
  const [row] = await tx
    .select({ personId: administrators.id, email: administrators.email, defaultWorkspaceId: administrators.defaultWorkspaceId })
    .from(sessions)
    .innerJoin(administrators, eq(administrators.id, sessions.administratorId))
    .where(and(eq(sessions.id, used.sessionId), isNull(sessions.endedAt), gt(sessions.expiresAt, sql`now()`)));
  return row ? { ...used, ...row } : null;
}

/** Codes are single use and live a minute: used and expired ones of a session serve no purpose. */
export async function deleteSpentAccessCodes(tx: Db | Tx, sessionId: string): Promise<void> {
  await tx
    .delete(accessCodes)
    .where(and(eq(accessCodes.sessionId, sessionId), sql`(${accessCodes.usedAt} is not null or ${accessCodes.expiresAt} < now())`));
}
