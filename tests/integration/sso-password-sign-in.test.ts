// Issue 23 items 2 and 4, on both drivers. While group mappings exist, a person linked to the
// identity provider signs in only through it: their password is refused with a message saying so
// (and audited), so a leaver's old password gives nothing; the break-glass administrator — the
// earliest enabled admin with a password — keeps theirs. With AUTH_PASSWORD_SIGN_IN=false a
// disabled first admin passes break-glass on, and the last enabled admin with a password is never
// disabled, demoted or removed. The tests run in order on one database.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { listPeople } from "@/db/queries/administrators";
import { administrators, auditEvents } from "@/db/schema";
import { ssoGroupMappings } from "@/db/schema-sso";
import { checkCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { signsInWith } from "@/lib/auth/sign-in-ways";
import { LAST_BREAK_GLASS_MESSAGE } from "@/lib/domain/break-glass";
import { removePerson, setPersonDisabled, updatePerson } from "@/lib/domain/people";
import { signInWithSso } from "@/lib/domain/sso";
import type { MutationContext } from "@/lib/domain/service-accounts";
import { expectNothingWritten } from "../support/db-helpers";
import { uniqueName } from "../support/fixtures";

const PASSWORD = "a long enough password 12";
const ADDRESS = "198.51.100.77";
type Person = { id: string; email: string };
let first: Person, second: Person, leaver: Person, ssoAdmin: Person;
let hash: string;

async function add(role: "admin" | "viewer", minutesAgo: number, fields: { password?: boolean; subject?: string } = {}): Promise<Person> {
  const [row] = await getDb()
    .insert(administrators)
    .values({
      email: `${uniqueName(role)}@example.test`,
      name: "P",
      role,
      passwordHash: fields.password === false ? null : hash,
      ssoSubject: fields.subject ?? null,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    })
    .returning({ id: administrators.id, email: administrators.email });
  return row!;
}

const signIn = (who: Person, password = PASSWORD) => checkCredentials({ email: who.email, password }, ADDRESS);
const as = (who: Person): MutationContext => ({ actor: who, clientAddress: null });
const waysOf = async (who: Person) => {
  const person = (await listPeople(getDb())).find((p) => p.id === who.id)!;
  return signsInWith(person, process.env.AUTH_PASSWORD_SIGN_IN !== "false");
};

beforeAll(async () => {
  hash = await hashPassword(PASSWORD);
  // The first admin is linked to the provider too: break-glass keeps their password all the same.
  first = await add("admin", 40, { subject: `sub-${uniqueName("first")}` });
  second = await add("admin", 30);
  leaver = await add("admin", 20, { subject: `sub-${uniqueName("leaver")}` });
  ssoAdmin = await add("admin", 10, { password: false, subject: `sub-${uniqueName("sso")}` });
});
afterEach(() => {
  delete process.env.AUTH_PASSWORD_SIGN_IN;
});

describe("password sign-in of people linked to the identity provider", () => {
  it("without group mappings, a linked person's password still works", async () => {
    expect(await signIn(leaver)).toMatchObject({ ok: true });
    expect(await waysOf(leaver)).toBe("Password or single sign-on");
  });

  it("once group mappings exist, a linked person's right password is refused as single sign-on only, audited without the password", async () => {
    await getDb().insert(ssoGroupMappings).values({ groupName: "platform-admins", role: "admin" });
    expect(await signIn(leaver)).toEqual({ ok: false, code: "sso_only" });
    // A wrong password says nothing about how the person signs in.
    expect(await signIn(leaver, "not the password 123")).toEqual({ ok: false, code: "invalid_credentials" });
    const refusals = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in_refused"), eq(auditEvents.targetId, leaver.id)));
    expect(refusals.map((e) => e.details)).toContainEqual({ method: "password", reason: "sso_only" });
    expect(JSON.stringify(refusals)).not.toContain(PASSWORD);
    expect(await waysOf(leaver)).toBe("Single sign-on only");
  });

  it("the break-glass administrator's password still works, linked or not; someone not linked keeps theirs", async () => {
    expect(await signIn(first)).toMatchObject({ ok: true });
    expect(await waysOf(first)).toBe("Password (break-glass) or single sign-on");
    expect(await signIn(second)).toMatchObject({ ok: true });
    expect(await waysOf(second)).toBe("Password");
  });
});

describe("break-glass with AUTH_PASSWORD_SIGN_IN=false", () => {
  it("a disabled first admin passes break-glass to the next enabled admin with a password", async () => {
    process.env.AUTH_PASSWORD_SIGN_IN = "false";
    expect(await signIn(first)).toMatchObject({ ok: true });
    expect(await signIn(second)).toEqual({ ok: false, code: "invalid_credentials" });
    expect(await setPersonDisabled({ id: first.id, disabled: true }, as(second))).toMatchObject({ ok: true });
    expect(await signIn(second)).toMatchObject({ ok: true });
    expect(await waysOf(second)).toBe("Password (break-glass)");
    // Still only one: the leaver (an enabled admin with a password, but not the earliest) is refused.
    expect(await signIn(leaver)).toEqual({ ok: false, code: "invalid_credentials" });
  });

  it("the last enabled admin with a password is never disabled, demoted or removed, through the same domain functions as the API", async () => {
    process.env.AUTH_PASSWORD_SIGN_IN = "false";
    expect(await setPersonDisabled({ id: leaver.id, disabled: true }, as(ssoAdmin))).toMatchObject({ ok: true });
    // Two admins remain (second and the single sign-on admin), so the last-admin rule is not what refuses.
    const disabled = await expectNothingWritten(() => setPersonDisabled({ id: second.id, disabled: true }, as(ssoAdmin)));
    expect(disabled).toEqual({ ok: false, message: LAST_BREAK_GLASS_MESSAGE });
    const demoted = await expectNothingWritten(() => updatePerson({ id: second.id, name: "P", role: "viewer", defaultWorkspaceId: null, authorizedWorkspaceIds: [] }, as(ssoAdmin)));
    expect(demoted).toMatchObject({ ok: false, message: LAST_BREAK_GLASS_MESSAGE, fieldErrors: { role: [LAST_BREAK_GLASS_MESSAGE] } });
    const removed = await expectNothingWritten(() => removePerson({ id: second.id }, as(ssoAdmin)));
    expect(removed).toEqual({ ok: false, message: LAST_BREAK_GLASS_MESSAGE });
    expect(await signIn(second)).toMatchObject({ ok: true });
  });

  it("with password sign-in on, the same change is allowed (every password works then)", async () => {
    expect(await setPersonDisabled({ id: second.id, disabled: true }, as(ssoAdmin))).toMatchObject({ ok: true });
    expect(await setPersonDisabled({ id: second.id, disabled: false }, as(ssoAdmin))).toMatchObject({ ok: true });
  });

  it("group mappings keep the last enabled admin with a password an admin at their single sign-on; their password still works", async () => {
    process.env.AUTH_PASSWORD_SIGN_IN = "false";
    await getDb().insert(ssoGroupMappings).values({ groupName: "ml-team", role: "member" });
    const claims = { subject: `sub-${uniqueName("second")}`, email: second.email, emailVerified: true, name: "P", groups: ["ml-team"] };
    expect(await signInWithSso(claims, { newPeople: "refuse", clientAddress: ADDRESS })).toMatchObject({ ok: true });
    const [row] = await getDb().select({ role: administrators.role }).from(administrators).where(eq(administrators.id, second.id));
    expect(row?.role).toBe("admin");
    const [event] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "administrator.sso_groups"), eq(auditEvents.targetId, second.id)));
    expect(JSON.stringify(event?.details)).toContain("break-glass");
    expect(await signIn(second)).toMatchObject({ ok: true });
    expect(await waysOf(second)).toBe("Password (break-glass) or single sign-on");
  });
});
