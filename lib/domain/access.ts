// No "server-only" guard: server.ts loads this for the Opik host's /_access/ pages, outside Next.js.
import { timingSafeEqual } from "node:crypto";
import { getDb, type Tx } from "@/db/client";
import { deleteSpentAccessCodes, insertAccessCode, redeemAccessCode } from "@/db/queries/access-codes";
import { recordAuditEvent } from "@/db/queries/audit";
import { endCredentialsOfSession, insertPersonCredential, workspaceChoicesOfPerson } from "@/db/queries/person-credentials";
import { endSessionById } from "@/db/queries/sessions";
import { isAccessCodeShape, isSha256Hex, isSignInStateShape, newAccessCode, newPersonCredential, sha256Hex } from "@/lib/access/credential";
import { ACCESS_CODE_TTL_S } from "@/lib/access/settings";
import { sessionIdOf } from "@/lib/auth/session-token";
import type { PersonVerifySuccess } from "@/lib/verify";

/**
 * The Opik-host sign-in (README "Use with Opik"; OPIK-WEB-UI.md §5). A browser signed in on this
 * service's host gets a one-time code for the Opik host's callback, which exchanges it for a person
 * credential in a host-only cookie there. The code works only in the browser that started the
 * sign-in on the Opik host: it is stored with the SHA-256 of that browser's state cookie, and the
 * callback burns it unused when the cookie is missing or another (a login CSRF: someone sending
 * their own callback link to a colleague). Credentials belong to the dashboard session they came
 * from: ending that session (sign-out here or there, sign out everywhere, role change, password
 * reset, removal) ends them all, in the same statement.
 */

/**
 * Issues a one-time code for the dashboard session whose cookie token this is, bound to the sign-in
 * state whose SHA-256 the Opik host sent (`stateHash`); only the code's hash is stored.
 */
export async function issueAccessCode(sessionToken: string, redirectTo: URL, stateHash: string): Promise<string> {
  if (!isSha256Hex(stateHash)) throw new Error("issueAccessCode: the state hash is not a SHA-256");
  const code = newAccessCode();
  const sessionId = sessionIdOf(sessionToken);
  await getDb().transaction(async (tx) => {
    await deleteSpentAccessCodes(tx, sessionId);
    await insertAccessCode(tx, { id: sha256Hex(code), sessionId, redirectTo: redirectTo.href, stateHash, ttlS: ACCESS_CODE_TTL_S });
  });
  return code;
}

export type Redeemed = { ok: true; credential: string; redirectTo: string } | { ok: false; status: 400 | 403; message: string };

const CODE_REFUSED =
  "This sign-in link has already been used, has expired (it lives one minute) or is not valid. Open Opik again to sign in.";

const OTHER_BROWSER =
  "This sign-in link was started in another browser (or this one lost the cookie its sign-in set), so it signs no one in here, and it cannot be used again. Sign in again to continue.";

/**
 * Whether one of the browser's state cookies (a few at most: lib/access/cookies.ts) is the state the
 * code was issued for. A code without one (issued before states existed) never matches.
 */
function stateMatches(storedHash: string | null, states: readonly string[]): boolean {
  if (!isSha256Hex(storedHash)) return false;
  const stored = Buffer.from(storedHash, "hex");
  return states.some((state) => isSignInStateShape(state) && timingSafeEqual(stored, Buffer.from(sha256Hex(state), "hex")));
}

/**
 * Exchanges a one-time code for a credential mapped to the person's default workspace (or, with
 * none they may use, the first of their workspaces by name), when one of `states` (the browser's
 * state cookies) is the one the code was issued for. Single use even when two requests race; a code
 * brought by another browser is used up all the same, so a leaked link signs no one in.
 */
export async function redeemAccessCodeForCredential(code: string, states: readonly string[], clientAddress: string | null): Promise<Redeemed> {
  if (!isAccessCodeShape(code)) return { ok: false, status: 400, message: CODE_REFUSED };
  return getDb().transaction(async (tx): Promise<Redeemed> => {
    const redeemed = await redeemAccessCode(tx, sha256Hex(code));
    if (!redeemed) return { ok: false, status: 400, message: CODE_REFUSED };
    // Returned, not thrown: the transaction commits the code as used.
    if (!stateMatches(redeemed.stateHash, states)) return { ok: false, status: 403, message: OTHER_BROWSER };
    const choices = await workspaceChoicesOfPerson(tx, redeemed.personId);
    const workspace = choices.find((w) => w.isDefault) ?? choices[0];
    if (!workspace) {
      return { ok: false, status: 403, message: "You have no workspace in Opik yet: ask an administrator to give you one, then open Opik again." };
    }
    const credential = await startCredential(tx, redeemed, workspace.id);
    await recordAuditEvent(tx, {
      actor: { id: redeemed.personId, email: redeemed.email },
      action: "access.sign_in",
      targetType: "workspace",
      targetId: workspace.id,
      targetName: workspace.name,
      clientAddress,
      details: { via: "opik_web_ui" },
    });
    return { ok: true, credential, redirectTo: redeemed.redirectTo };
  });
}

async function startCredential(tx: Tx, owner: { sessionId: string; personId: string }, workspaceId: string): Promise<string> {
  const credential = newPersonCredential();
  await insertPersonCredential(tx, { id: sha256Hex(credential), sessionId: owner.sessionId, personId: owner.personId, workspaceId });
  return credential;
}

export type Switched = { ok: true; credential: string; workspaceName: string } | { ok: false; message: string };

/**
 * Switch: a new credential for another of the person's workspaces; the old one ends at once.
 * A new credential each time, because Opik caches an answer per credential (OPIK-WEB-UI.md §3).
 */
export async function switchAccessWorkspace(current: PersonVerifySuccess, workspaceId: string, clientAddress: string | null): Promise<Switched> {
  return getDb().transaction(async (tx): Promise<Switched> => {
    const target = (await workspaceChoicesOfPerson(tx, current.person.id)).find((w) => w.id === workspaceId);
    if (!target) return { ok: false, message: "You may not use that workspace (or it no longer exists)." };
    const ended = await endCredentialsOfSession(tx, current.sessionId, "switch");
    // Zero: the credential ended between the check and now (signed out elsewhere); never revive it.
    if (ended === 0) return { ok: false, message: "Your sign-in has ended: reload the page to sign in again." };
    const credential = await startCredential(tx, { sessionId: current.sessionId, personId: current.person.id }, target.id);
    await recordAuditEvent(tx, {
      actor: { id: current.person.id, email: current.person.email },
      action: "access.switch_workspace",
      targetType: "workspace",
      targetId: target.id,
      targetName: target.name,
      clientAddress,
      details: { from: current.workspace.name },
    });
    return { ok: true, credential, workspaceName: target.name };
  });
}

/**
 * Sign out on the Opik host: ends the dashboard session the credential came from, and with it
 * every credential of that session, so neither host signs the browser back in without a password.
 */
export async function signOutOfOpik(current: PersonVerifySuccess, clientAddress: string | null): Promise<void> {
  await getDb().transaction(async (tx) => {
    await endCredentialsOfSession(tx, current.sessionId, "sign_out");
    await endSessionById(tx, current.sessionId, "sign_out");
    await recordAuditEvent(tx, {
      actor: { id: current.person.id, email: current.person.email },
      action: "access.sign_out",
      targetType: "administrator",
      targetId: current.person.id,
      targetName: current.person.email,
      clientAddress,
      details: { via: "opik_web_ui" },
    });
  });
}
