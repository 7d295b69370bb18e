// Invitations (issue 27 item 7): Add person can hand out a one-time link instead of a password;
// the person sets their own on the public invitation page. Single use, 7 days, only the token's
// hash stored, revocable, audited, and only where a password can be used at all.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { findPerson, type AdministratorDto } from "@/db/queries/administrators";
import { administrators, invitations } from "@/db/schema";
import { acceptInvitationAction, invitationStateAction } from "@/lib/actions/invitations";
import { addPersonAction, removePersonAction, resetAdministratorPasswordAction, revokeInvitationAction } from "@/lib/actions/people";
import { verifyPassword } from "@/lib/auth/password";
import { setClock } from "@/lib/clock";
import { INVITE_SSO_ONLY_MESSAGE, invitationRefusal, NO_INVITATION_MESSAGE } from "@/lib/domain/invitations";
import { INVITE_OR_PASSWORD_MESSAGE, NOT_BOTH_MESSAGE } from "@/lib/validations/people";
import { auditEventsFor, CLIENT_ADDRESS, expectNothingWritten } from "../support/db-helpers";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const T0 = Date.parse("2026-03-01T12:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const PASSWORD = "chosen by the invitee 7";
const sha256 = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");
let admin: AdministratorDto;

/** Add person with Invite, as the admin; the new person's id and the link's token. */
async function invite(fields: Record<string, string> = {}) {
  signAs(admin);
  const email = `${uniqueName("invitee")}@example.test`;
  const result = await addPersonAction(null, form({ email, name: "Ines Invitee", role: "member", invite: "true", allWorkspaces: "true", ...fields }));
  if (!result.ok || !result.data?.invitation) throw new Error(JSON.stringify(result));
  return { id: result.data.id, email, token: result.data.invitation.token, result };
}
const accept = (token: string, password = PASSWORD) => acceptInvitationAction(null, form({ token, password }));
const stateOf = async (token: string) => {
  const result = await invitationStateAction(null, { token });
  return result.ok ? result.data!.state : result.message;
};
const passwordHashOf = async (id: string) => (await getDb().select({ h: administrators.passwordHash }).from(administrators).where(eq(administrators.id, id)))[0]?.h ?? null;

beforeAll(async () => {
  admin = await createAdministrator("admin");
});
beforeEach(() => {
  setClock(() => T0);
  signAs(admin);
});
afterEach(() => {
  setClock(null);
  delete process.env.AUTH_PASSWORD_SIGN_IN;
});

describe("Add person with Invite", () => {
  it("adds the person without a password and returns the link's token once; only its SHA-256 is stored; audited as administrator.invite", async () => {
    const { id, email, token, result } = await invite();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result).toMatchObject({ ok: true, message: `${email} is invited as member: copy the link now, it is shown once` });
    expect(await passwordHashOf(id)).toBeNull();
    const rows = await getDb().select().from(invitations).where(eq(invitations.personId, id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tokenHash: sha256(token), createdBy: admin.id, acceptedAt: null, revokedAt: null });
    expect(rows[0]!.expiresAt.getTime()).toBe(T0 + 7 * DAY);
    expect(JSON.stringify(rows)).not.toContain(token);
    const [event] = await auditEventsFor(id);
    expect(event).toMatchObject({ action: "administrator.invite", actorId: admin.id, targetName: email, clientAddress: CLIENT_ADDRESS });
    expect(event!.details).toMatchObject({ role: "member", invitationExpiresAt: new Date(T0 + 7 * DAY).toISOString() });
    expect(JSON.stringify(event)).not.toContain(token);
    // The People page and the API show it as pending until then.
    expect((await findPerson(getDb(), id))?.invitationExpiresAt?.getTime()).toBe(T0 + 7 * DAY);
  });

  it("wants either a password or Invite, not both, and not neither; nothing written", async () => {
    const base = { email: `${uniqueName("x")}@example.test`, name: "X", role: "member", allWorkspaces: "true" };
    expect(await expectNothingWritten(() => addPersonAction(null, form(base)))).toMatchObject({ ok: false, fieldErrors: { password: [INVITE_OR_PASSWORD_MESSAGE] } });
    expect(await expectNothingWritten(() => addPersonAction(null, form({ ...base, invite: "true", password: PASSWORD })))).toMatchObject({
      ok: false,
      fieldErrors: { password: [NOT_BOTH_MESSAGE] },
    });
    expect(await expectNothingWritten(() => addPersonAction(null, form({ ...base, invite: "false" })))).toMatchObject({ ok: false, fieldErrors: { password: [INVITE_OR_PASSWORD_MESSAGE] } });
  });

  it("is refused while password sign-in is off (AUTH_PASSWORD_SIGN_IN=false): the password could never be used", async () => {
    process.env.AUTH_PASSWORD_SIGN_IN = "false";
    const result = await expectNothingWritten(() => addPersonAction(null, form({ email: `${uniqueName("x")}@example.test`, name: "X", role: "member", invite: "true", allWorkspaces: "true" })));
    expect(result).toMatchObject({ ok: false, fieldErrors: { invite: [INVITE_SSO_ONLY_MESSAGE] } });
  });
});

describe("the invitation page", () => {
  it("sets the person's own password once (the rules of Change password), audited; the second use is refused and changes nothing", async () => {
    const { id, email, token } = await invite();
    signAs(null); // the page is public
    expect(await invitationStateAction(null, { token })).toMatchObject({ ok: true, data: { state: "open", email, name: "Ines Invitee" } });
    expect(await accept(token, "too short")).toMatchObject({ ok: false, fieldErrors: { password: ["Use at least 12 characters"] } });
    expect(await stateOf(token)).toBe("open");

    expect(await accept(token)).toMatchObject({ ok: true, data: { email } });
    expect(await verifyPassword(await passwordHashOf(id), PASSWORD)).toBe(true);
    const [event] = await auditEventsFor(id);
    expect(event).toMatchObject({ action: "administrator.invitation_accept", actorId: id, actorEmail: email, clientAddress: CLIENT_ADDRESS });
    expect(JSON.stringify(event)).not.toContain(token);
    expect((await findPerson(getDb(), id))?.invitationExpiresAt).toBeNull();

    const again = await expectNothingWritten(() => accept(token, "another password of mine"));
    expect(again).toEqual({ ok: false, message: invitationRefusal("used") });
    expect(await verifyPassword(await passwordHashOf(id), PASSWORD)).toBe(true);
    expect(await stateOf(token)).toBe("used");
  });

  it("two uses at once: exactly one sets the password", async () => {
    const { id, token } = await invite();
    signAs(null);
    const results = await Promise.all([accept(token, "first of two passwords"), accept(token, "second of two passwords")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results[0]!.ok ? "first of two passwords" : "second of two passwords";
    expect(await verifyPassword(await passwordHashOf(id), winner)).toBe(true);
    expect((await auditEventsFor(id)).filter((e) => e.action === "administrator.invitation_accept")).toHaveLength(1);
  });

  it("expires 7 days after it was made, by the clock: refused from that instant on, nothing written", async () => {
    const { id, token } = await invite();
    signAs(null);
    setClock(() => T0 + 7 * DAY - 1);
    expect(await stateOf(token)).toBe("open");
    setClock(() => T0 + 7 * DAY);
    expect(await invitationStateAction(null, { token })).toMatchObject({ ok: true, data: { state: "expired", message: invitationRefusal("expired") } });
    expect(await expectNothingWritten(() => accept(token))).toEqual({ ok: false, message: invitationRefusal("expired") });
    expect(await passwordHashOf(id)).toBeNull();
    // Still listed, as expired, so an admin can see it and revoke it.
    expect((await findPerson(getDb(), id))?.invitationExpiresAt?.getTime()).toBe(T0 + 7 * DAY);
  });

  it("a made-up, malformed or empty token is simply not valid (never a thrown error)", async () => {
    signAs(null);
    for (const token of ["", "x", "A".repeat(43), "../../etc/passwd", "%00"]) {
      expect(await stateOf(token)).toBe("invalid");
      expect(await expectNothingWritten(() => accept(token))).toEqual({ ok: false, message: invitationRefusal("invalid") });
    }
  });

  it("after an admin's Reset password the link has nothing left to do; a disabled person cannot use it", async () => {
    const first = await invite();
    expect(await resetAdministratorPasswordAction(null, form({ id: first.id, password: "set by the admin 123" }))).toMatchObject({ ok: true });
    expect((await findPerson(getDb(), first.id))?.invitationExpiresAt).toBeNull();
    expect(await expectNothingWritten(() => accept(first.token))).toEqual({ ok: false, message: invitationRefusal("superseded") });
    expect(await verifyPassword(await passwordHashOf(first.id), "set by the admin 123")).toBe(true);

    const second = await invite();
    await getDb().update(administrators).set({ disabledAt: new Date(T0) }).where(eq(administrators.id, second.id));
    expect(await expectNothingWritten(() => accept(second.token))).toEqual({ ok: false, message: invitationRefusal("disabled") });
  });

  it("with password sign-in turned off since, the page says to use single sign-on and sets nothing", async () => {
    const { id, token } = await invite();
    process.env.AUTH_PASSWORD_SIGN_IN = "false";
    expect(await expectNothingWritten(() => accept(token))).toEqual({ ok: false, message: invitationRefusal("sso_only") });
    expect(await passwordHashOf(id)).toBeNull();
  });
});

describe("Revoke invitation", () => {
  it("ends the link at once, audited; the person stays without a password; a second revoke has nothing to do", async () => {
    const { id, email, token } = await invite();
    expect(await revokeInvitationAction(null, form({ id }))).toMatchObject({ ok: true });
    const [event] = await auditEventsFor(id);
    expect(event).toMatchObject({ action: "administrator.invitation_revoke", actorId: admin.id, targetName: email });
    expect((await findPerson(getDb(), id))?.invitationExpiresAt).toBeNull();
    signAs(null);
    expect(await expectNothingWritten(() => accept(token))).toEqual({ ok: false, message: invitationRefusal("revoked") });
    expect(await passwordHashOf(id)).toBeNull();
    signAs(admin);
    expect(await expectNothingWritten(() => revokeInvitationAction(null, form({ id })))).toEqual({ ok: false, message: NO_INVITATION_MESSAGE });
  });

  it("a viewer cannot revoke; removing the person removes the invitation with them", async () => {
    const { id, token } = await invite();
    signAs(await createAdministrator("viewer"));
    expect(await revokeInvitationAction(null, form({ id }))).toMatchObject({ ok: false });
    signAs(admin);
    expect(await removePersonAction(null, form({ id }))).toMatchObject({ ok: true });
    expect(await getDb().select().from(invitations).where(eq(invitations.personId, id))).toEqual([]);
    expect(await stateOf(token)).toBe("invalid");
  });
});
