import { and, count, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, type Role } from "../schema";

export type AdministratorDto = { id: string; email: string; name: string; role: Role };

const dtoColumns = {
  id: administrators.id,
  email: administrators.email,
  name: administrators.name,
  role: administrators.role,
};

export async function countAdministrators(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(administrators);
  return row?.n ?? 0;
}

export async function findAdministratorById(db: Db | Tx, id: string): Promise<AdministratorDto | null> {
  const [row] = await db.select(dtoColumns).from(administrators).where(eq(administrators.id, id));
  return row ?? null;
}

/** For sign-in only: the one read that returns the password hash. */
export async function findCredentialsByEmail(db: Db | Tx, email: string) {
  const [row] = await db
    .select({ ...dtoColumns, passwordHash: administrators.passwordHash })
    .from(administrators)
    .where(eq(sql`lower(${administrators.email})`, email.toLowerCase()));
  return row ?? null;
}

/** For a password change only: the one read by id that returns the password hash. */
export async function findPasswordHashById(db: Db | Tx, id: string): Promise<string | null> {
  const [row] = await db.select({ passwordHash: administrators.passwordHash }).from(administrators).where(eq(administrators.id, id));
  return row?.passwordHash ?? null;
}

/**
 * Sets a new password hash. With `expectedHash`, only if the stored one is still that (a
 * compare-and-set: two changes at once cannot both pass the check of the same current password).
 */
export async function updatePasswordHash(
  tx: Db | Tx,
  input: { id: string; passwordHash: string; expectedHash?: string },
): Promise<AdministratorDto | null> {
  const match = input.expectedHash === undefined ? eq(administrators.id, input.id) : and(eq(administrators.id, input.id), eq(administrators.passwordHash, input.expectedHash));
  const [row] = await tx.update(administrators).set({ passwordHash: input.passwordHash }).where(match).returning(dtoColumns);
  return row ?? null;
}

export async function insertAdministrator(
  tx: Db | Tx,
  input: { email: string; name: string; passwordHash: string; role: Role },
): Promise<AdministratorDto | null> {
  const [row] = await tx
    .insert(administrators)
    .values({ ...input, email: input.email.toLowerCase() })
    .onConflictDoNothing()
    .returning(dtoColumns);
  return row ?? null;
}

export type AdministratorRow = AdministratorDto & { createdAt: Date };

/** Administrators are few (people, not machines); the page lists them all, newest last. */
export async function listAdministrators(db: Db | Tx): Promise<AdministratorRow[]> {
  return db
    .select({ ...dtoColumns, createdAt: administrators.createdAt })
    .from(administrators)
    .orderBy(administrators.createdAt, administrators.id)
    .limit(1000);
}

export async function countAdmins(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(administrators).where(eq(administrators.role, "admin"));
  return row?.n ?? 0;
}

export async function updateAdministratorRole(tx: Db | Tx, id: string, role: Role): Promise<AdministratorDto | null> {
  const [row] = await tx.update(administrators).set({ role }).where(eq(administrators.id, id)).returning(dtoColumns);
  return row ?? null;
}

export async function deleteAdministratorRow(tx: Db | Tx, id: string): Promise<AdministratorDto | null> {
  const [row] = await tx.delete(administrators).where(eq(administrators.id, id)).returning(dtoColumns);
  return row ?? null;
}
