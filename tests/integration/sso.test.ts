// Issue 16, single sign-on: who an identity provider's claims sign in as (lib/domain/sso.ts), on
// both drivers. Linked by subject; else linked by email only when the provider vouches for it (an
// unverified email never takes over a person); new people only when AUTH_OIDC_NEW_PEOPLE names a
// role; every refusal writes nothing but its audit event, and no person is ever half-created.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { administrators, auditEvents, sessions } from "@/db/schema";
import { setPersonDisabledAction } from "@/lib/actions/people";
import { signInWithSso, type SsoClaims } from "@/lib/domain/sso";
import { createAdministrator, form, signAs } from "../support/fixtures";

const ADDRESS = "198.51.100.20";
const unique = () => randomBytes(4).toString("hex");
const claims = (fields: Partial<SsoClaims> = {}): SsoClaims => ({
  subject: `sub-${unique()}`,
  email: `sso-${unique()}@example.test`,
  emailVerified: true,
  name: "Sam Sso",
  groups: [],
  ...fields,
});
const refuse = { newPeople: "refuse" as const, clientAddress: ADDRESS };
const asMember = { newPeople: "member" as const, clientAddress: ADDRESS };

const personByEmail = async (email: string) => (await getDb().select().from(administrators).where(eq(administrators.email, email.toLowerCase())))[0];
const refusals = (email: string) =>
  getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in_refused"), eq(auditEvents.targetName, email.toLowerCase())));

describe("single sign-on: who the claims sign in as", () => {
  it("a stranger is refused while new people are refused: nothing is created, the refusal is audited", async () => {
    const c = claims();
    expect(await signInWithSso(c, refuse)).toEqual({ ok: false, reason: "not_a_person" });
    expect(await personByEmail(c.email!)).toBeUndefined();
    const [event] = await refusals(c.email!);
    expect(event).toMatchObject({ actorId: null, clientAddress: ADDRESS, details: { method: "oidc", reason: "not_a_person" } });
  });

  it("a stranger with a verified email becomes a person with the configured role, signed in (session and audit events)", async () => {
    const c = claims({ email: `New-${unique()}@Example.test` });
    const result = await signInWithSso(c, asMember);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const person = await personByEmail(c.email!);
    expect(person).toMatchObject({ id: result.person.id, role: "member", name: "Sam Sso", passwordHash: null, ssoSubject: c.subject });
    expect(await getDb().select().from(sessions).where(eq(sessions.administratorId, person!.id))).toHaveLength(1);
    const events = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, person!.id));
    expect(events.map((e) => e.action).sort()).toEqual(["administrator.create", "auth.sign_in"]);
    expect(events.find((e) => e.action === "auth.sign_in")).toMatchObject({ clientAddress: ADDRESS, details: { method: "oidc" } });
  });

  it("a stranger whose email is not verified is never created", async () => {
    const c = claims({ emailVerified: false });
    expect(await signInWithSso(c, asMember)).toEqual({ ok: false, reason: "email_not_verified" });
    expect(await personByEmail(c.email!)).toBeUndefined();
  });

  it("an existing person is linked by a verified email, and is then the same person under any email", async () => {
    const person = await createAdministrator("viewer");
    const c = claims({ email: person.email.toUpperCase() });
    const first = await signInWithSso(c, refuse);
    expect(first).toMatchObject({ ok: true, person: { id: person.id } });
    expect((await personByEmail(person.email))?.ssoSubject).toBe(c.subject);
    // The provider's email changed: the subject still names this person.
    expect(await signInWithSso({ ...c, email: `changed-${unique()}@example.test` }, refuse)).toMatchObject({ ok: true, person: { id: person.id } });
  });

  it("an unverified email claim never takes over an existing person", async () => {
    const person = await createAdministrator("admin");
    const result = await signInWithSso(claims({ email: person.email, emailVerified: false }), asMember);
    expect(result).toEqual({ ok: false, reason: "email_not_verified" });
    expect((await personByEmail(person.email))?.ssoSubject).toBeNull();
    expect(await refusals(person.email)).toHaveLength(1);
  });

  it("a person linked to one subject is not taken by another subject with the same email", async () => {
    const person = await createAdministrator("viewer");
    expect((await signInWithSso(claims({ email: person.email }), refuse)).ok).toBe(true);
    expect(await signInWithSso(claims({ email: person.email }), refuse)).toEqual({ ok: false, reason: "linked_elsewhere" });
  });

  it("a disabled person is refused; no email at all is refused", async () => {
    signAs(await createAdministrator("admin"));
    const person = await createAdministrator("member");
    const c = claims({ email: person.email });
    expect((await signInWithSso(c, refuse)).ok).toBe(true);
    expect((await setPersonDisabledAction(null, form({ id: person.id, disabled: "true" }))).ok).toBe(true);
    const before = (await getDb().select().from(sessions).where(eq(sessions.administratorId, person.id))).length;
    expect(await signInWithSso(c, refuse)).toEqual({ ok: false, reason: "disabled" });
    expect(await getDb().select().from(sessions).where(eq(sessions.administratorId, person.id))).toHaveLength(before);
    for (const email of [null, "", "not an email", `${"x".repeat(250)}@example.test`]) {
      expect(await signInWithSso(claims({ email }), asMember)).toEqual({ ok: false, reason: "no_email" });
    }
  });

  it("a name with control characters or of any length is cleaned; no name falls back to the email", async () => {
    const odd = claims({ name: `A\u0000B\u001f ${"n".repeat(300)}` });
    expect((await signInWithSso(odd, asMember)).ok).toBe(true);
    const named = await personByEmail(odd.email!);
    expect(named?.name).toMatch(/^AB n+$/);
    expect(named?.name.length).toBeLessThanOrEqual(100);
    const nameless = claims({ name: null });
    expect((await signInWithSso(nameless, asMember)).ok).toBe(true);
    expect((await personByEmail(nameless.email!))?.name).toBe(nameless.email);
  });
});
