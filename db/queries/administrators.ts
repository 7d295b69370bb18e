import { and, asc, count, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { administrators, invitations, personWorkspaces, workspaces, type Role } from "../schema";
import { groupMappingsExist } from "./sso-mappings";
import { listWorkspaceOptions } from "./workspaces";

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

/**
 * The break-glass administrator (README "Single sign-on"): the earliest created admin who is
 * enabled and has a password. With AUTH_PASSWORD_SIGN_IN=false they alone can still sign in with
 * it, and with group mappings they keep it though linked to the provider. A disabled first admin
 * passes it on, so disabling them never locks everyone out while the provider is down.
 */
const breakGlassId = sql`(select b.id from ${administrators} b where b.role = 'admin' and b.disabled_at is null and b.password_hash is not null order by b.created_at, b.id limit 1)`;
export const isBreakGlass = sql<boolean>`(${administrators.id} = ${breakGlassId})`;
export const groupsManaged = sql<boolean>`(${administrators.ssoSubject} is not null and ${groupMappingsExist})`;

/** For sign-in only: the one read that returns the password hash, with what decides whether it may be used. */
export async function findCredentialsByEmail(db: Db | Tx, email: string) {
  const [row] = await db
    .select({ ...dtoColumns, passwordHash: administrators.passwordHash, disabledAt: administrators.disabledAt, groupsManaged, breakGlass: isBreakGlass })
    .from(administrators)
    .where(eq(sql`lower(${administrators.email})`, email.toLowerCase()));
  return row ?? null;
}

/** Enabled admins with a password: while AUTH_PASSWORD_SIGN_IN=false, the last of them is never disabled, demoted or removed. */
export async function countPasswordAdmins(db: Db | Tx): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(administrators)
    .where(and(eq(administrators.role, "admin"), isNull(administrators.disabledAt), isNotNull(administrators.passwordHash)));
  return row?.n ?? 0;
}

/** Whether the person has a password here (someone created by single sign-on has none): the user menu offers Change password only then. */
export async function personHasPassword(db: Db | Tx, id: string): Promise<boolean> {
  const [row] = await db.select({ has: sql<boolean>`${administrators.passwordHash} is not null` }).from(administrators).where(eq(administrators.id, id));
  return row?.has ?? false;
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

export async function emailTaken(db: Db | Tx, email: string): Promise<boolean> {
  const [row] = await db.select({ id: administrators.id }).from(administrators).where(eq(sql`lower(${administrators.email})`, email.toLowerCase()));
  return row !== undefined;
}

/** Returns null when the email is taken (in any letter case). */
export async function insertAdministrator(
  tx: Db | Tx,
  input: { email: string; name: string; passwordHash: string | null; role: Role; defaultWorkspaceId?: string | null; seeUnmasked?: boolean },
): Promise<AdministratorDto | null> {
  const [row] = await tx
    .insert(administrators)
    .values({ ...input, email: input.email.toLowerCase() })
    .onConflictDoNothing()
    .returning(dtoColumns);
  return row ?? null;
}

type WorkspaceRef = { id: string; name: string };

export type PersonRow = AdministratorDto & {
  createdAt: Date;
  lastSignInAt: Date | null;
  disabledAt: Date | null;
  /** See unmasked data: off = Opik masks what they read (lib/scopes.ts scopeOfRole). */
  seeUnmasked: boolean;
  defaultWorkspace: WorkspaceRef | null;
  /** Empty = every workspace. */
  authorizedWorkspaces: WorkspaceRef[];
  /** How they sign in: with a password, with single sign-on (linked to the provider), or both. */
  hasPassword: boolean;
  ssoLinked: boolean;
  /** Linked to the identity provider while group mappings exist: their role and workspaces follow their groups at each sign-in, and they sign in only with single sign-on. */
  groupsManaged: boolean;
  /** The break-glass administrator (above): their password always works. */
  breakGlass: boolean;
  /** When their open invitation ends (docs/people-and-roles.md "Invitations"), past or not; null when they have none. */
  invitationExpiresAt: Date | null;
};

const personColumns = {
  ...dtoColumns,
  createdAt: administrators.createdAt,
  lastSignInAt: administrators.lastSignInAt,
  disabledAt: administrators.disabledAt,
  seeUnmasked: administrators.seeUnmasked,
  defaultWorkspaceId: administrators.defaultWorkspaceId,
  defaultWorkspaceName: workspaces.name,
  hasPassword: sql<boolean>`${administrators.passwordHash} is not null`,
  ssoLinked: sql<boolean>`${administrators.ssoSubject} is not null`,
  groupsManaged,
  breakGlass: isBreakGlass,
  // Open: neither accepted nor revoked, while they have no password (a Reset password supersedes it).
  invitationExpiresAt: sql<Date | null>`(select max(i.expires_at) from ${invitations} i where i.person_id = ${administrators.id} and i.accepted_at is null and i.revoked_at is null and ${administrators.passwordHash} is null)`.mapWith(invitations.expiresAt),
};

/** People with their default workspace; `where` picks them. Their authorized workspaces in a second query (no JSON aggregation). */
async function selectPeople(db: Db | Tx, where?: SQL): Promise<PersonRow[]> {
  const rows = await db
    .select(personColumns)
    .from(administrators)
    .leftJoin(workspaces, eq(workspaces.id, administrators.defaultWorkspaceId))
    .where(where)
    .orderBy(administrators.createdAt, administrators.id)
    .limit(1000);
  const authorized = await authorizedWorkspacesOf(db, rows.map((r) => r.id));
  return rows.map(({ defaultWorkspaceId, defaultWorkspaceName, ...row }) => ({
    ...row,
    defaultWorkspace: defaultWorkspaceId && defaultWorkspaceName !== null ? { id: defaultWorkspaceId, name: defaultWorkspaceName } : null,
    authorizedWorkspaces: authorized.get(row.id) ?? [],
  }));
}

/** People are few (not machines); the page lists them all, oldest first. */
export async function listPeople(db: Db | Tx): Promise<PersonRow[]> {
  return selectPeople(db);
}

/** One person with their workspaces, for Edit person and the member page. */
export async function findPerson(db: Db | Tx, id: string): Promise<PersonRow | null> {
  return (await selectPeople(db, eq(administrators.id, id)))[0] ?? null;
}

/** One person by email, in any letter case (emails are unique that way): the Opik backend's by-username routes. */
export async function findPersonByEmail(db: Db | Tx, email: string): Promise<PersonRow | null> {
  return (await selectPeople(db, eq(sql`lower(${administrators.email})`, email.toLowerCase())))[0] ?? null;
}

/** The workspaces a person may use in Opik's web UI: their authorized ones, or every workspace when unrestricted. */
export async function workspacesOfPerson(
  db: Db | Tx,
  id: string,
): Promise<{ defaultWorkspaceId: string | null; unrestricted: boolean; workspaces: WorkspaceRef[] } | null> {
  const person = await findPerson(db, id);
  if (!person) return null;
  const unrestricted = person.authorizedWorkspaces.length === 0;
  const list = unrestricted ? await listWorkspaceOptions(db) : person.authorizedWorkspaces;
  return { defaultWorkspaceId: person.defaultWorkspace?.id ?? null, unrestricted, workspaces: list };
}

async function authorizedWorkspacesOf(db: Db | Tx, personIds: string[]): Promise<Map<string, WorkspaceRef[]>> {
  const out = new Map<string, WorkspaceRef[]>();
  if (personIds.length === 0) return out;
  const links = await db
    .select({ personId: personWorkspaces.personId, id: workspaces.id, name: workspaces.name })
    .from(personWorkspaces)
    .innerJoin(workspaces, eq(workspaces.id, personWorkspaces.workspaceId))
    .where(inArray(personWorkspaces.personId, personIds))
    .orderBy(asc(workspaces.name));
  for (const { personId, ...ws } of links) out.set(personId, [...(out.get(personId) ?? []), ws]);
  return out;
}

export async function updatePersonRow(
  tx: Db | Tx,
  id: string,
  input: { name: string; role: Role; defaultWorkspaceId: string | null; seeUnmasked?: boolean },
): Promise<AdministratorDto | null> {
  const [row] = await tx.update(administrators).set(input).where(eq(administrators.id, id)).returning(dtoColumns);
  return row ?? null;
}

/** Replaces a person's authorized workspaces (empty = every workspace). */
export async function replacePersonWorkspaces(tx: Db | Tx, personId: string, workspaceIds: string[]): Promise<void> {
  await tx.delete(personWorkspaces).where(eq(personWorkspaces.personId, personId));
  if (workspaceIds.length > 0) await tx.insert(personWorkspaces).values(workspaceIds.map((workspaceId) => ({ personId, workspaceId })));
}

/** "Last sign-in": written with the session it starts. */
export async function recordSignIn(tx: Db | Tx, id: string): Promise<void> {
  await tx.update(administrators).set({ lastSignInAt: sql`now()` }).where(eq(administrators.id, id));
}

/** Admins who can sign in: a disabled admin does not count towards "never the last admin". */
export async function countAdmins(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(administrators).where(and(eq(administrators.role, "admin"), isNull(administrators.disabledAt)));
  return row?.n ?? 0;
}

export async function setPersonDisabledAt(tx: Db | Tx, id: string, disabledAt: Date | null): Promise<void> {
  await tx.update(administrators).set({ disabledAt }).where(eq(administrators.id, id));
}

export async function deleteAdministratorRow(tx: Db | Tx, id: string): Promise<AdministratorDto | null> {
  const [row] = await tx.delete(administrators).where(eq(administrators.id, id)).returning(dtoColumns);
  return row ?? null;
}
