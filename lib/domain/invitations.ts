// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Tx } from "@/db/client";
import { findAdministratorById } from "@/db/queries/administrators";
import { recordAuditEvent } from "@/db/queries/audit";
import { acceptInvitationRow, findInvitationByHash, insertInvitation, revokeInvitationsOf } from "@/db/queries/invitations";
import { hashPassword } from "@/lib/auth/password";
import { INVITATION_TTL_MS, invitationTokenHash, looksLikeInvitationToken, newInvitationToken } from "@/lib/auth/invitation-token";
import { passwordSignInOpen } from "@/lib/auth/sso-settings";
import { now } from "@/lib/clock";
import type { ActionResult } from "@/lib/validations/action-result";
import type { MutationContext } from "./service-accounts";
import { PERSON_GONE } from "./sessions";

/** The link's secret, returned once to whoever created the invitation; never stored or logged. */
export type NewInvitation = { token: string; expiresAt: Date };

export const INVITE_SSO_ONLY_MESSAGE = "Password sign-in is off here (AUTH_PASSWORD_SIGN_IN=false): people sign in with single sign-on, so there is no password to set.";
export const NO_INVITATION_MESSAGE = "This person has no pending invitation.";

/** A new invitation for a person (Add person with Invite): stored as its token's hash, valid for INVITATION_TTL_MS. */
export async function insertNewInvitation(tx: Tx, personId: string, ctx: MutationContext): Promise<NewInvitation> {
  const token = newInvitationToken();
  const expiresAt = new Date(now() + INVITATION_TTL_MS);
  await insertInvitation(tx, { personId, tokenHash: invitationTokenHash(token), expiresAt, createdBy: ctx.actor.id });
  return { token, expiresAt };
}

/** What the invitation page says about a link: a form to set the password, or why it no longer works. */
export type InvitationState =
  | { state: "open"; email: string; name: string; expiresAt: Date }
  | { state: "invalid" | "used" | "revoked" | "superseded" | "disabled" | "sso_only" }
  | { state: "expired"; expiresAt: Date };

/** The state of the invitation behind a token, by the same rules acceptInvitation applies. */
export async function invitationState(token: string): Promise<InvitationState & { id?: string; personId?: string }> {
  if (!looksLikeInvitationToken(token)) return { state: "invalid" };
  const row = await findInvitationByHash(getDb(), invitationTokenHash(token));
  if (!row) return { state: "invalid" };
  if (row.acceptedAt) return { state: "used" };
  if (row.revokedAt) return { state: "revoked" };
  if (row.expiresAt.getTime() <= now()) return { state: "expired", expiresAt: row.expiresAt };
  // An admin set a password meanwhile (Reset password): the link has nothing left to do.
  if (row.hasPassword) return { state: "superseded" };
  if (row.disabled) return { state: "disabled" };
  // The password would never be accepted (lib/auth/credentials.ts): say so instead of setting it.
  if ((!passwordSignInOpen() || row.groupsManaged) && !row.breakGlass) return { state: "sso_only" };
  return { state: "open", email: row.email, name: row.name, expiresAt: row.expiresAt, id: row.id, personId: row.personId };
}

/**
 * The invitation page's Set password: the person behind an open invitation sets their first
 * password (the rules of Change password), and the link is used up, in one transaction with its
 * audit event. The password is hashed only for a link that is open, so the public page costs
 * nothing for a made-up token. Nobody is signed in: the person signs in next, as everyone does.
 */
export async function acceptInvitation(input: { token: string; password: string }, clientAddress: string | null): Promise<ActionResult<{ email: string }> & { state?: InvitationState["state"] }> {
  const found = await invitationState(input.token);
  if (found.state !== "open" || !found.id || !found.personId) return { ok: false, message: invitationRefusal(found.state), state: found.state };
  const { id, personId } = found;
  const passwordHash = await hashPassword(input.password); // outside the transaction: argon2 is slow
  const accepted = await getDb().transaction(async (tx) => {
    const person = await acceptInvitationRow(tx, { id, personId, passwordHash, at: new Date(now()) });
    // Undo the half that succeeded (the link used, or the password set).
    if (!person) throw new LostRace();
    await recordAuditEvent(tx, {
      actor: { id: personId, email: person.email },
      action: "administrator.invitation_accept",
      targetType: "administrator",
      targetId: personId,
      targetName: person.email,
      clientAddress,
      details: {},
    });
    return person;
  }).catch((error: unknown) => {
    if (error instanceof LostRace) return null;
    throw error;
  });
  if (!accepted) {
    // Used, revoked or changed between the check and the write: say what it is now.
    const later = await invitationState(input.token);
    const state = later.state === "open" ? "used" : later.state;
    return { ok: false, message: invitationRefusal(state), state };
  }
  return { ok: true, message: "Your password is set. Sign in with it now.", data: { email: accepted.email } };
}

class LostRace extends Error {}

/** What the invitation page says when a link cannot be used; never whose it was. */
export function invitationRefusal(state: InvitationState["state"]): string {
  switch (state) {
    case "used":
      return "This invitation has been used already. Sign in with the password you set.";
    case "revoked":
      return "This invitation was revoked. Ask an admin for a new one.";
    case "expired":
      return "This invitation has expired. Ask an admin for a new one.";
    case "superseded":
      return "This invitation is no longer needed: an admin has set a password for you. Ask them for it, or sign in if you know it.";
    case "disabled":
      return "This account is disabled. Ask an admin to enable it.";
    case "sso_only":
      return "You sign in with single sign-on here, so there is no password to set. Go to the sign-in page.";
    case "open":
      return "This invitation can be used.";
    default:
      return "This invitation link is not valid. Check that you copied all of it, or ask an admin for a new one.";
  }
}

/** Revoke invitation (admins): the person's open link stops working at once. The person stays, without a password. */
export async function revokeInvitation(input: { id: string }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx) => {
    const person = await findAdministratorById(tx, input.id);
    if (!person) return { ok: false, message: PERSON_GONE };
    const revoked = await revokeInvitationsOf(tx, person.id, new Date(now()));
    if (revoked.length === 0) return { ok: false, message: NO_INVITATION_MESSAGE };
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.invitation_revoke",
      targetType: "administrator",
      targetId: person.id,
      targetName: person.email,
      clientAddress: ctx.clientAddress,
      details: { expiresAt: revoked[0]!.expiresAt.toISOString() },
    });
    return { ok: true, message: `The invitation of ${person.email} is revoked: its link no longer works. Reset their password, or remove them.` };
  });
}
