// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb } from "@/db/client";
import { findPasswordHashById, updatePasswordHash } from "@/db/queries/administrators";
import { recordAuditEvent } from "@/db/queries/audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { signInKey, signInLimiter, signInRetryAfterS, tooManySignInsMessage } from "@/lib/rate-limit/sign-in";
import type { ActionResult } from "@/lib/validations/action-result";
import type { MutationContext } from "./service-accounts";
import { endSessionsOfPerson, PERSON_GONE as GONE } from "./sessions";

export const WRONG_CURRENT_PASSWORD = "This is not your current password";
export const SAME_PASSWORD = "Choose a password different from the current one";
export const RESET_OWN_MESSAGE = "To change your own password, use Change password in the menu under your name.";
export const NO_PASSWORD = "You sign in with single sign-on and have no password here. An admin can set one with Reset password.";
const NEEDS_ATTENTION = "Some fields need attention.";

/**
 * Change password, for the signed-in person only: `ctx.actor` is whose password changes, never an
 * id from the input. A wrong current password counts as a failed sign-in of that email from that
 * address (the sign-in limiter), so this form cannot be used to guess a password the session's
 * holder does not know; a blocked email + address is refused without checking. Every other session
 * of the person ends; `keepSessionId`, the one the change was made from, stays signed in.
 */
export async function changeOwnPassword(
  input: { currentPassword: string; password: string },
  ctx: MutationContext & { keepSessionId: string },
): Promise<ActionResult> {
  const limiterKey = signInKey(ctx.actor.email, ctx.clientAddress);
  const retryAfterS = await signInRetryAfterS(ctx.actor.email, ctx.clientAddress);
  if (retryAfterS > 0) {
    const message = tooManySignInsMessage(retryAfterS);
    return { ok: false, message, fieldErrors: { currentPassword: [message] } };
  }
  const storedHash = await findPasswordHashById(getDb(), ctx.actor.id);
  if (!storedHash) return { ok: false, message: NO_PASSWORD };
  if (!(await verifyPassword(storedHash, input.currentPassword))) {
    await signInLimiter().recordFailure(limiterKey);
    return { ok: false, message: NEEDS_ATTENTION, fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] } };
  }
  await signInLimiter().reset(limiterKey);
  if (input.password === input.currentPassword) return { ok: false, message: NEEDS_ATTENTION, fieldErrors: { password: [SAME_PASSWORD] } };
  const passwordHash = await hashPassword(input.password); // outside the transaction: argon2 is slow
  return getDb().transaction(async (tx) => {
    const changed = await updatePasswordHash(tx, { id: ctx.actor.id, passwordHash, expectedHash: storedHash });
    // Changed (or the person removed) since the check above: that check no longer holds.
    if (!changed) return { ok: false, message: "Your password was changed meanwhile. Try again with the new one." };
    const ended = await endSessionsOfPerson(tx, changed.id, "password_change", { except: ctx.keepSessionId });
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.password_change",
      targetType: "administrator",
      targetId: changed.id,
      targetName: changed.email,
      clientAddress: ctx.clientAddress,
      details: { otherSessionsEnded: ended },
    });
    return { ok: true, message: "Password changed" };
  });
}

/** Reset password (admins): sets another person's password and ends every session of theirs. */
export async function resetAdministratorPassword(input: { id: string; password: string }, ctx: MutationContext): Promise<ActionResult> {
  // Your own: Change password asks for the current one and keeps this session.
  if (input.id === ctx.actor.id) return { ok: false, message: RESET_OWN_MESSAGE };
  const passwordHash = await hashPassword(input.password); // outside the transaction: argon2 is slow
  return getDb().transaction(async (tx) => {
    const target = await updatePasswordHash(tx, { id: input.id, passwordHash });
    if (!target) return { ok: false, message: GONE };
    const ended = await endSessionsOfPerson(tx, target.id, "password_reset");
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.password_reset",
      targetType: "administrator",
      targetId: target.id,
      targetName: target.email,
      clientAddress: ctx.clientAddress,
      details: { sessions: ended },
    });
    return { ok: true, message: `${target.email} has a new password; their sessions ended (${ended === 1 ? "1 session" : `${ended} sessions`})` };
  });
}
