import { and, eq, gt, isNull, lt, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, sessions, type SessionEndReason } from "../schema";
import type { AdministratorDto } from "./administrators";

// Every time comparison uses the database's clock, so instances with drifting clocks agree.
const live = and(isNull(sessions.endedAt), gt(sessions.expiresAt, sql`now()`));

/**
 * The one read behind every dashboard request: the administrator whose session this is, or null
 * when the session is unknown, ended, past its absolute expiry, or its administrator was removed.
 */
export async function findSignedInAdministrator(db: Db | Tx, sessionId: string): Promise<AdministratorDto | null> {
  const [row] = await db
    .select({ id: administrators.id, email: administrators.email, name: administrators.name, role: administrators.role })
    .from(sessions)
    .innerJoin(administrators, and(eq(administrators.id, sessions.administratorId), isNull(administrators.disabledAt)))
    .where(and(eq(sessions.id, sessionId), live));
  return row ?? null;
}

export async function insertSession(
  tx: Db | Tx,
  input: { id: string; administratorId: string; clientAddress: string | null; maxAgeS: number },
): Promise<void> {
  await tx.insert(sessions).values({
    id: input.id,
    administratorId: input.administratorId,
    clientAddress: input.clientAddress,
    expiresAt: sql`now() + ${input.maxAgeS} * interval '1 second'`,
  });
}

/** Sessions past their expiry are dead whatever their state; their rows serve no purpose. */
export async function deleteExpiredSessionsOf(tx: Db | Tx, administratorId: string): Promise<void> {
  await tx.delete(sessions).where(and(eq(sessions.administratorId, administratorId), lt(sessions.expiresAt, sql`now()`)));
}

/** Ends one session if it is still live; returns whose it was, or null when it was not live. */
export async function endSessionById(tx: Db | Tx, sessionId: string, reason: SessionEndReason): Promise<{ administratorId: string } | null> {
  const [row] = await tx
    .update(sessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(eq(sessions.id, sessionId), live))
    .returning({ administratorId: sessions.administratorId });
  return row ?? null;
}

/** Ends every live session of one administrator, but `exceptSessionId` if given; returns how many there were. */
export async function endSessionsOfAdministrator(
  tx: Db | Tx,
  administratorId: string,
  reason: SessionEndReason,
  exceptSessionId?: string,
): Promise<number> {
  const rows = await tx
    .update(sessions)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(
      and(eq(sessions.administratorId, administratorId), live, exceptSessionId === undefined ? undefined : ne(sessions.id, exceptSessionId)),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
