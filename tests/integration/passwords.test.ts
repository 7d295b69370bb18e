// Change password and Reset password (issue 11, item 1): the signed-in person changes their own
// (current + new; their other sessions end, this one stays; a wrong current password counts toward
// the sign-in limiter), an admin resets someone else's (every session of theirs ends). Sign-in is
// checked through lib/auth/credentials.ts, the check behind every sign-in.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { insertAdministrator, type AdministratorDto } from "@/db/queries/administrators";
import { findSignedInAdministrator } from "@/db/queries/sessions";
import { administrators, sessions, type Role } from "@/db/schema";
import { changeOwnPasswordAction, resetAdministratorPasswordAction } from "@/lib/actions/people";
import { checkCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { sessionIdOf } from "@/lib/auth/session-token";
import { RESET_OWN_MESSAGE, WRONG_CURRENT_PASSWORD } from "@/lib/domain/passwords";
import { startSession } from "@/lib/domain/sessions";
import { readRateLimitConfig } from "@/lib/rate-limit/config";
import { auditEventsFor, CLIENT_ADDRESS } from "../support/db-helpers";
import { currentTestSessionToken, form, signAs, uniqueName } from "../support/fixtures";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const OLD = "the old password, long enough";
const NEW = "the new password, long enough";
let oldHash: string;

type Person = AdministratorDto & { otherSessions: string[] };

/** A person with the password OLD, signed in (signAs) with one session, and two more sessions elsewhere. */
async function person(role: Role): Promise<Person> {
  const admin = (await insertAdministrator(getDb(), { email: `${uniqueName(role)}@example.test`, name: `Person ${role}`, role, passwordHash: oldHash }))!;
  const otherSessions = [];
  for (let i = 0; i < 2; i++) otherSessions.push(await startSession({ administratorId: admin.id, clientAddress: CLIENT_ADDRESS }));
  return { ...admin, otherSessions };
}

const live = async (token: string) => (await findSignedInAdministrator(getDb(), sessionIdOf(token))) !== null;
const signsIn = async (who: AdministratorDto, password: string) => (await checkCredentials({ email: who.email, password }, CLIENT_ADDRESS)).ok;
const storedHash = async (who: AdministratorDto) =>
  (await getDb().select({ h: administrators.passwordHash }).from(administrators).where(eq(administrators.id, who.id)))[0]!.h;
const endReasons = async (who: AdministratorDto) =>
  (await getDb().select({ r: sessions.endedReason }).from(sessions).where(eq(sessions.administratorId, who.id))).map((s) => s.r);

/** No password, and no hash, in any audit event about `who`. */
async function expectNoSecretsInAudit(who: AdministratorDto, ...passwords: string[]) {
  const text = JSON.stringify(await auditEventsFor(who.id));
  for (const secret of [...passwords, oldHash, await storedHash(who), "$argon2"]) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  oldHash = await hashPassword(OLD);
});

describe("Change password (your own)", () => {
  it.each(["member", "viewer", "admin"] as const)("%s: the new password signs in, the old one not; other sessions end, this one stays; audited", async (role) => {
    const me = await person(role);
    signAs(me);
    const current = (await currentTestSessionToken())!;
    const result = await changeOwnPasswordAction(null, form({ currentPassword: OLD, password: NEW }));
    expect(result).toEqual({ ok: true, message: "Password changed" });

    expect(await signsIn(me, NEW)).toBe(true);
    expect(await signsIn(me, OLD)).toBe(false);
    expect(await live(current)).toBe(true);
    for (const token of me.otherSessions) expect(await live(token)).toBe(false);
    expect((await endReasons(me)).filter((r) => r !== null)).toEqual(["password_change", "password_change"]);
    expect(await auditEventsFor(me.id)).toEqual([
      expect.objectContaining({
        actorId: me.id,
        action: "administrator.password_change",
        targetType: "administrator",
        targetName: me.email,
        clientAddress: CLIENT_ADDRESS,
        details: { otherSessionsEnded: 2 },
      }),
    ]);
    await expectNoSecretsInAudit(me, OLD, NEW);
  });

  it("acts on the signed-in person only: an id in the input is ignored", async () => {
    const me = await person("viewer");
    const other = await person("admin");
    signAs(me);
    expect(await changeOwnPasswordAction(null, form({ id: other.id, currentPassword: OLD, password: NEW }))).toMatchObject({ ok: true });
    expect(await signsIn(me, NEW)).toBe(true);
    expect(await signsIn(other, OLD)).toBe(true);
    for (const token of other.otherSessions) expect(await live(token)).toBe(true);
  });

  it("a wrong current password is a field error and changes nothing", async () => {
    const me = await person("viewer");
    signAs(me);
    const result = await changeOwnPasswordAction(null, form({ currentPassword: "not my password at all", password: NEW }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] } });
    expect(JSON.stringify(result)).not.toContain("not my password");
    expect(await storedHash(me)).toBe(oldHash);
    for (const token of me.otherSessions) expect(await live(token)).toBe(true);
    expect(await auditEventsFor(me.id)).toEqual([]);
    expect(await signsIn(me, OLD)).toBe(true);
  });

  it("the new password follows the setup rules (too short is a field error on New password)", async () => {
    const me = await person("viewer");
    signAs(me);
    expect(await changeOwnPasswordAction(null, form({ currentPassword: OLD, password: "short" }))).toMatchObject({
      ok: false,
      fieldErrors: { password: ["Use at least 12 characters"] },
    });
    expect(await storedHash(me)).toBe(oldHash);
  });

  it("wrong current passwords count toward the sign-in limiter of that email + address", async () => {
    const { failures } = readRateLimitConfig().signIn;
    const me = await person("viewer");
    signAs(me);
    for (let i = 0; i < failures; i++) {
      expect(await changeOwnPasswordAction(null, form({ currentPassword: `guess number ${i}`, password: NEW }))).toMatchObject({
        fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] },
      });
    }
    // Blocked now: the right current password is refused too, and so is signing in.
    const blocked = await changeOwnPasswordAction(null, form({ currentPassword: OLD, password: NEW }));
    expect(blocked).toMatchObject({ ok: false, fieldErrors: { currentPassword: [expect.stringMatching(/^Too many failed sign-ins/)] } });
    expect(await checkCredentials({ email: me.email, password: OLD }, CLIENT_ADDRESS)).toEqual({ ok: false, code: "rate_limited" });
    expect(await storedHash(me)).toBe(oldHash);
  });
});

describe("Reset password (admins, someone else's)", () => {
  it("an admin resets a viewer's: every session of theirs ends, the new password signs in; audited without secrets", async () => {
    const admin = await person("admin");
    const viewer = await person("viewer");
    signAs(viewer);
    const viewerCurrent = (await currentTestSessionToken())!;
    signAs(admin);
    const adminCurrent = (await currentTestSessionToken())!;
    const result = await resetAdministratorPasswordAction(null, form({ id: viewer.id, password: NEW }));
    expect(result).toMatchObject({ ok: true });

    for (const token of [viewerCurrent, ...viewer.otherSessions]) expect(await live(token)).toBe(false);
    expect(await endReasons(viewer)).toEqual(["password_reset", "password_reset", "password_reset"]);
    expect(await live(adminCurrent)).toBe(true);
    for (const token of admin.otherSessions) expect(await live(token)).toBe(true);
    expect(await signsIn(viewer, NEW)).toBe(true);
    expect(await signsIn(viewer, OLD)).toBe(false);
    expect(await auditEventsFor(viewer.id)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: "administrator.password_reset",
        targetType: "administrator",
        targetName: viewer.email,
        details: { sessions: 3 },
      }),
    ]);
    await expectNoSecretsInAudit(viewer, OLD, NEW);
  });

  it("a viewer cannot reset anyone's", async () => {
    const viewer = await person("viewer");
    const target = await person("admin");
    signAs(viewer);
    expect(await resetAdministratorPasswordAction(null, form({ id: target.id, password: NEW }))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
    expect(await storedHash(target)).toBe(oldHash);
    for (const token of target.otherSessions) expect(await live(token)).toBe(true);
  });

  it("resetting your own is refused with a pointer to Change password; nothing changes", async () => {
    const admin = await person("admin");
    signAs(admin);
    expect(await resetAdministratorPasswordAction(null, form({ id: admin.id, password: NEW }))).toEqual({ ok: false, message: RESET_OWN_MESSAGE });
    expect(RESET_OWN_MESSAGE).toMatch(/Change password/);
    expect(await storedHash(admin)).toBe(oldHash);
    for (const token of admin.otherSessions) expect(await live(token)).toBe(true);
    expect(await auditEventsFor(admin.id)).toEqual([]);
  });
});
