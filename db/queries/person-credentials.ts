import { and, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../client";
import { workspacesOfPerson } from "./administrators";
import { administrators, personWorkspaces, sessions, workspaces, type Role } from "../schema";
import { personCredentials, type CredentialEndReason } from "../schema-access";

/**
 * Ends every live Opik-web-UI credential of one person (their workspaces changed, say); the next
 * forward-auth check of that browser finds no credential and signs it in again, which issues one
 * for the person's workspaces as they are now. Returns how many were live.
 */
export function endCredentialsOfPerson(tx: Db | Tx, personId: string, reason: CredentialEndReason): Promise<number> {
  return endLiveCredentials(tx, eq(personCredentials.personId, personId), reason);
}

async function endLiveCredentials(tx: Db | Tx, which: SQL, reason: CredentialEndReason): Promise<number> {
  const rows = await tx
    .update(personCredentials)
    .set({ endedAt: sql`now()`, endedReason: reason })
    .where(and(which, isNull(personCredentials.endedAt)))
    .returning({ id: personCredentials.id });
  return rows.length;
}

const currentWorkspace = alias(workspaces, "current_workspace");
const requestedWorkspace = alias(workspaces, "requested_workspace");
const liveSession = and(isNull(sessions.endedAt), gt(sessions.expiresAt, sql`now()`));

export type CredentialLookup = {
  credentialId: string;
  sessionId: string;
  personId: string;
  email: string;
  name: string;
  role: Role;
  seeUnmasked: boolean;
  workspaceId: string;
  workspaceName: string;
  requestedWorkspaceId: string | null;
  requestedWorkspaceName: string | null;
  /** The person has a non-empty authorized set (otherwise they may use every workspace). */
  restricted: boolean;
  requestedAuthorized: boolean;
  currentAuthorized: boolean;
  /** last_seen_at is more than a minute old: the caller records the use. */
  stale: boolean;
};

/**
 * The one query of a person-credential check: the credential by its hash (primary key), live
 * (not ended, its dashboard session live, used within the idle timeout), its person, the
 * workspace it maps `default` to, and the requested workspace by name with whether the person
 * may use each. Every time comparison uses the database's clock.
 */
export async function lookupPersonCredential(
  db: Db | Tx,
  hash: string,
  workspaceName: string | null,
  idleTimeoutS: number,
): Promise<CredentialLookup | null> {
  const linked = (workspaceId: unknown) =>
    sql<boolean>`exists (select 1 from ${personWorkspaces} pw where pw.person_id = ${administrators.id} and pw.workspace_id = ${workspaceId})`;
  const [row] = await db
    .select({
      credentialId: personCredentials.id,
      sessionId: personCredentials.sessionId,
      personId: administrators.id,
      email: administrators.email,
      name: administrators.name,
      role: administrators.role,
      seeUnmasked: administrators.seeUnmasked,
      workspaceId: currentWorkspace.id,
      workspaceName: currentWorkspace.name,
      requestedWorkspaceId: requestedWorkspace.id,
      requestedWorkspaceName: requestedWorkspace.name,
      restricted: sql<boolean>`exists (select 1 from ${personWorkspaces} pw where pw.person_id = ${administrators.id})`,
      requestedAuthorized: linked(requestedWorkspace.id),
      currentAuthorized: linked(currentWorkspace.id),
      stale: sql<boolean>`${personCredentials.lastSeenAt} < now() - interval '60 seconds'`,
    })
    .from(personCredentials)
    .innerJoin(sessions, and(eq(sessions.id, personCredentials.sessionId), liveSession))
    .innerJoin(administrators, and(eq(administrators.id, personCredentials.personId), isNull(administrators.disabledAt)))
    .innerJoin(currentWorkspace, eq(currentWorkspace.id, personCredentials.workspaceId))
    .leftJoin(requestedWorkspace, sql`lower(${requestedWorkspace.name}) = lower(${workspaceName ?? ""})`)
    .where(
      and(
        eq(personCredentials.id, hash),
        isNull(personCredentials.endedAt),
        gt(personCredentials.lastSeenAt, sql`now() - ${idleTimeoutS} * interval '1 second'`),
      ),
    );
  return row ?? null;
}

/** Records a use (at most once a minute per credential: lookupPersonCredential's `stale`). */
export async function touchPersonCredential(db: Db | Tx, hash: string): Promise<void> {
  await db.update(personCredentials).set({ lastSeenAt: sql`now()` }).where(eq(personCredentials.id, hash));
}

export async function insertPersonCredential(
  tx: Db | Tx,
  input: { id: string; sessionId: string; personId: string; workspaceId: string },
): Promise<void> {
  await tx.insert(personCredentials).values(input);
}

/** Ends the live credentials of one dashboard session (a switch of workspace, sign-out). */
export function endCredentialsOfSession(tx: Db | Tx, sessionId: string, reason: CredentialEndReason): Promise<number> {
  return endLiveCredentials(tx, eq(personCredentials.sessionId, sessionId), reason);
}

export type PersonWorkspace = { id: string; name: string; isDefault: boolean };

/** The workspaces a person may use in Opik's web UI (db/queries/administrators.ts), the default one marked. */
export async function workspaceChoicesOfPerson(db: Db | Tx, personId: string): Promise<PersonWorkspace[]> {
  const access = await workspacesOfPerson(db, personId);
  return (access?.workspaces ?? []).map((w) => ({ id: w.id, name: w.name, isDefault: w.id === access?.defaultWorkspaceId }));
}
