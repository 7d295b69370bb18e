import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, type Role } from "../schema";

/** What a single sign-on needs to know about a person (lib/domain/sso.ts). */
export type SsoPerson = { id: string; email: string; name: string; role: Role; ssoSubject: string | null; disabledAt: Date | null };

const columns = {
  id: administrators.id,
  email: administrators.email,
  name: administrators.name,
  role: administrators.role,
  ssoSubject: administrators.ssoSubject,
  disabledAt: administrators.disabledAt,
};

/** The person linked to this subject of the identity provider, locked for the sign-in's transaction. */
export async function findPersonBySsoSubject(tx: Db | Tx, subject: string): Promise<SsoPerson | null> {
  const [row] = await tx.select(columns).from(administrators).where(eq(administrators.ssoSubject, subject)).for("update");
  return row ?? null;
}

/** The person with this email (any letter case), locked for the sign-in's transaction. */
export async function findPersonByEmailForSso(tx: Db | Tx, email: string): Promise<SsoPerson | null> {
  const [row] = await tx.select(columns).from(administrators).where(eq(sql`lower(${administrators.email})`, email.toLowerCase())).for("update");
  return row ?? null;
}

export async function linkSsoSubject(tx: Db | Tx, id: string, subject: string): Promise<void> {
  await tx.update(administrators).set({ ssoSubject: subject }).where(eq(administrators.id, id));
}

/** Someone the identity provider vouches for, created at their first sign-in; null when the email was taken meanwhile. */
export async function insertSsoPerson(tx: Db | Tx, input: { email: string; name: string; role: Role; subject: string }): Promise<SsoPerson | null> {
  const [row] = await tx
    .insert(administrators)
    .values({ email: input.email.toLowerCase(), name: input.name, role: input.role, passwordHash: null, ssoSubject: input.subject })
    .onConflictDoNothing()
    .returning(columns);
  return row ?? null;
}
