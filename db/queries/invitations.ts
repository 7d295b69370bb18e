import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, invitations } from "../schema";
import { groupsManaged, isBreakGlass } from "./administrators";

export async function insertInvitation(tx: Db | Tx, input: { personId: string; tokenHash: string; expiresAt: Date; createdBy: string | null }): Promise<void> {
  await tx.insert(invitations).values(input);
}

/** The invitation page's one lookup: the invitation by its token's hash, with what decides whether its person may still set a password. */
export async function findInvitationByHash(db: Db | Tx, tokenHash: string) {
  const [row] = await db
    .select({
      id: invitations.id,
      personId: invitations.personId,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      email: administrators.email,
      name: administrators.name,
      hasPassword: sql<boolean>`${administrators.passwordHash} is not null`,
      disabled: sql<boolean>`${administrators.disabledAt} is not null`,
      groupsManaged,
      breakGlass: isBreakGlass,
    })
    .from(invitations)
    .innerJoin(administrators, eq(administrators.id, invitations.personId))
    .where(eq(invitations.tokenHash, tokenHash));
  return row ?? null;
}

/**
 * Uses the invitation and sets the person's first password, both only if still open (a
 * compare-and-set: of two uses at once, one wins). Null when either no longer holds.
 */
export async function acceptInvitationRow(tx: Tx, input: { id: string; personId: string; passwordHash: string; at: Date }): Promise<{ email: string } | null> {
  const [used] = await tx
    .update(invitations)
    .set({ acceptedAt: input.at })
    .where(and(eq(invitations.id, input.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, input.at)))
    .returning({ id: invitations.id });
  if (!used) return null;
  const [person] = await tx
    .update(administrators)
    .set({ passwordHash: input.passwordHash })
    .where(and(eq(administrators.id, input.personId), isNull(administrators.passwordHash), isNull(administrators.disabledAt)))
    .returning({ email: administrators.email });
  return person ?? null;
}

/** Revokes every open invitation of a person; how many were open (expired ones included). */
export async function revokeInvitationsOf(tx: Db | Tx, personId: string, at: Date): Promise<{ expiresAt: Date }[]> {
  return tx
    .update(invitations)
    .set({ revokedAt: at })
    .where(and(eq(invitations.personId, personId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ expiresAt: invitations.expiresAt });
}
