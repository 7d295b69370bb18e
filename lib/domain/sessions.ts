// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Db, type Tx } from "@/db/client";
import { findAdministratorById, recordSignIn } from "@/db/queries/administrators";
import { recordAuditEvent } from "@/db/queries/audit";
import { deleteExpiredSessionsOf, endSessionById, endSessionsOfAdministrator, insertSession } from "@/db/queries/sessions";
import type { SessionEndReason } from "@/db/schema";
import { newSessionToken, SESSION_MAX_AGE_S, sessionIdOf } from "@/lib/auth/session-token";
import type { ActionResult } from "@/lib/validations/action-result";
import type { MutationContext } from "./service-accounts";

export const PERSON_GONE = "This person no longer exists.";

/**
 * Records a sign-in and returns the session's token for the cookie (never stored). The session
 * ends for good SESSION_MAX_AGE_S from now, however often the cookie is renewed. The person's
 * expired sessions are dropped at the same time, so their rows do not pile up; the person's "Last
 * sign-in" is set with the session it started.
 */
export async function startSession(input: { administratorId: string; clientAddress: string | null }): Promise<string> {
  return getDb().transaction((tx) => startSessionIn(tx, { ...input, method: "password" }));
}

/** How someone signed in, as their sign-in's audit event records it. */
export type SignInMethod = "password" | "oidc";

/** startSession in the caller's transaction (single sign-on creates or links the person in the same one). */
export async function startSessionIn(tx: Tx, input: { administratorId: string; clientAddress: string | null; method: SignInMethod }): Promise<string> {
  const token = newSessionToken();
  await deleteExpiredSessionsOf(tx, input.administratorId);
  await insertSession(tx, { id: sessionIdOf(token), administratorId: input.administratorId, clientAddress: input.clientAddress, maxAgeS: SESSION_MAX_AGE_S });
  await recordSignIn(tx, input.administratorId);
  await auditSessionEvent(tx, "auth.sign_in", input.administratorId, input.clientAddress, { method: input.method });
  return token;
}

/**
 * `auth.sign_in_refused` (README "Audit log"): who as far as known (the person, else the email
 * typed or claimed), how, from where and why. Never a password or a token.
 */
export async function recordRefusedSignIn(input: {
  method: SignInMethod;
  reason: string;
  person: { id: string; email: string } | null;
  email: string | null;
  clientAddress: string | null;
}): Promise<void> {
  await getDb().transaction(async (tx) => {
    await recordAuditEvent(tx, {
      actor: input.person,
      action: "auth.sign_in_refused",
      targetType: "administrator",
      targetId: input.person?.id ?? null,
      targetName: input.person?.email ?? input.email?.slice(0, 254) ?? null,
      clientAddress: input.clientAddress,
      details: { method: input.method, reason: input.reason },
    });
  });
}

/** A sign-in or sign-out, by the person themselves, in the transaction that starts or ends the session. */
async function auditSessionEvent(tx: Tx, action: "auth.sign_in" | "auth.sign_out", personId: string, clientAddress: string | null, details?: Record<string, unknown>) {
  const person = await findAdministratorById(tx, personId);
  await recordAuditEvent(tx, {
    actor: person ? { id: person.id, email: person.email } : null,
    action,
    targetType: "administrator",
    targetId: personId,
    targetName: person?.email ?? null,
    clientAddress,
    details,
  });
}

/**
 * Sign-out: ends the session whose token the cookie carried, with an audit event when it was
 * live (a second sign-out of an ended session records nothing).
 */
export async function endSession(token: string, reason: SessionEndReason, clientAddress: string | null = null): Promise<void> {
  await getDb().transaction(async (tx) => {
    const ended = await endSessionById(tx, sessionIdOf(token), reason);
    if (ended) await auditSessionEvent(tx, "auth.sign_out", ended.administratorId, clientAddress);
  });
}

/**
 * Ends every session of one person, in the caller's transaction: sign out everywhere, a role
 * change and a password reset call this; a password change keeps the session it was made from
 * (`except`, a session id). Returns how many were live.
 */
export async function endSessionsOfPerson(
  tx: Db | Tx,
  personId: string,
  reason: SessionEndReason,
  options: { except?: string } = {},
): Promise<number> {
  return endSessionsOfAdministrator(tx, personId, reason, options.except);
}

/** "Sign out everywhere" on the People page; allowed on yourself (you are signed out too). */
export async function signOutEverywhere(input: { id: string }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx) => {
    const target = await findAdministratorById(tx, input.id);
    if (!target) return { ok: false, message: PERSON_GONE };
    const ended = await endSessionsOfPerson(tx, target.id, "sign_out_everywhere");
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.sign_out_everywhere",
      targetType: "administrator",
      targetId: target.id,
      targetName: target.email,
      clientAddress: ctx.clientAddress,
      details: { sessions: ended },
    });
    return { ok: true, message: `${target.email} is signed out everywhere (${ended === 1 ? "1 session" : `${ended} sessions`} ended)` };
  });
}
