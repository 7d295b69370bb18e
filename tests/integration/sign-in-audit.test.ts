// Issue 14 item 5: signing in and signing out are audit events of that person, in the same
// transaction as the session they start or end; a second sign-out of an ended session records nothing.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, sessions } from "@/db/schema";
import { endSession, startSession } from "@/lib/domain/sessions";
import { sessionIdOf } from "@/lib/auth/session-token";
import { createAdministrator } from "../support/fixtures";

const eventsOf = (id: string, action: string) =>
  getDb().select().from(auditEvents).where(and(eq(auditEvents.targetId, id), eq(auditEvents.action, action)));

describe("sign-in and sign-out in the audit log", () => {
  it("records who signed in and out, from where, once per session", async () => {
    const person = await createAdministrator("viewer");
    const token = await startSession({ administratorId: person.id, clientAddress: "198.51.100.7" });
    // createAdministrator signed them in once already (from the fixtures' address).
    const [signedIn] = (await eventsOf(person.id, "auth.sign_in")).filter((e) => e.clientAddress === "198.51.100.7");
    expect(signedIn).toMatchObject({ actorId: person.id, actorEmail: person.email, targetType: "administrator", targetName: person.email, clientAddress: "198.51.100.7", details: { method: "password" } });

    await endSession(token, "sign_out", "198.51.100.8");
    const [row] = await getDb().select().from(sessions).where(eq(sessions.id, sessionIdOf(token)));
    expect(row?.endedReason).toBe("sign_out");
    const signedOut = await eventsOf(person.id, "auth.sign_out");
    expect(signedOut).toHaveLength(1);
    expect(signedOut[0]).toMatchObject({ actorEmail: person.email, targetName: person.email, clientAddress: "198.51.100.8" });

    await endSession(token, "sign_out", "198.51.100.8");
    expect(await eventsOf(person.id, "auth.sign_out")).toHaveLength(1);
  });

  it("a sign-out with a token that names no session records nothing", async () => {
    const before = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "auth.sign_out"));
    await endSession("not-a-session-token", "sign_out", null);
    expect(await getDb().select().from(auditEvents).where(eq(auditEvents.action, "auth.sign_out"))).toHaveLength(before.length);
  });
});

describe("refused password sign-ins in the audit log", () => {
  it("records a wrong password and a disabled person, with the address and the reason, never the password", async () => {
    const { checkCredentials } = await import("@/lib/auth/credentials");
    const person = await createAdministrator("viewer");
    const refused = () => getDb().select().from(auditEvents).where(and(eq(auditEvents.targetId, person.id), eq(auditEvents.action, "auth.sign_in_refused")));
    expect(await checkCredentials({ email: person.email, password: "not-the-password-1234" }, "198.51.100.9")).toEqual({ ok: false, code: "invalid_credentials" });
    const [event] = await refused();
    expect(event).toMatchObject({ actorId: person.id, targetName: person.email, clientAddress: "198.51.100.9", details: { method: "password", reason: "invalid_credentials" } });
    expect(JSON.stringify(event)).not.toContain("not-the-password-1234");
    // Someone who is not a person here: the email typed, no actor.
    await checkCredentials({ email: "nobody-here@example.test", password: "whatever-1234" }, "198.51.100.9");
    const [stranger] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.targetName, "nobody-here@example.test"), eq(auditEvents.action, "auth.sign_in_refused")));
    expect(stranger).toMatchObject({ actorId: null, targetId: null, details: { method: "password", reason: "invalid_credentials" } });
  });
});
