import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { personCredentials, type CredentialEndReason } from "../schema";

/**
 * Ends every live Opik-web-UI credential of one person (their workspaces changed, say); the next
 * forward-auth check of that browser finds no credential and signs it in again, which issues one
 * for the person's workspaces as they are now. Returns how many were live.
 */
export async function endCredentialsOfPerson(tx: Db | Tx, personId: string, reason: CredentialEndReason): Promise<number> {
  const rows = await tx
    .update(personCredentials)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(personCredentials.personId, personId), isNull(personCredentials.endedAt)))
    .returning({ id: personCredentials.id });
  return rows.length;
}
