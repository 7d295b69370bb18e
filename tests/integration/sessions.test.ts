// Sessions end when they should (issue 10, item 2): signing out ends the session server-side, and
// the absolute 12-hour lifetime holds however often the JWT is renewed. Auth.js runs for real:
// its route handlers in-process for sign-in, sign-out and GET /api/auth/session, and its
// in-process session read behind getCurrentAdministrator (pages) and defineAction (actions).
import { eq, sql } from "drizzle-orm";
import { decode, encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { insertAdministrator, type AdministratorDto } from "@/db/queries/administrators";
import { sessions } from "@/db/schema";
import { SIGNED_OUT_MESSAGE } from "@/lib/actions/define-action";
import { createWorkspace } from "@/lib/actions/workspaces";
import { signOutAction } from "@/lib/actions/auth";
import { hashPassword } from "@/lib/auth/password";
import { getCurrentAdministrator } from "@/lib/auth/session";
import { SESSION_MAX_AGE_S, sessionIdOf } from "@/lib/auth/session-token";
import { getSession, SESSION_COOKIE, signIn, signOut, useCookie } from "../support/auth-js-inprocess";
import { tableCounts } from "../support/db-helpers";
import { form, uniqueName } from "../support/fixtures";

vi.unmock("@/lib/auth/current");
// next-auth's signOut() (behind the dashboard's Sign out button) sets cookies and redirects.
const jar = vi.hoisted(() => ({ set: [] as { name: string; value: string }[] }));
vi.mock("next/headers", async () => {
  const { requestContext: context } = await import("../support/next-mocks");
  return {
    headers: async () => context.headers,
    cookies: async () => ({ set: (name: string, value: string) => jar.set.push({ name, value }) }),
  };
});

const SECRET = "sessions-test-secret-0123456789abcdef";
const PASSWORD = "a long enough password 7";
let admin: AdministratorDto;

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  const email = `${uniqueName("sessions")}@example.test`;
  admin = (await insertAdministrator(getDb(), { email, name: "Session Person", role: "admin", passwordHash: await hashPassword(PASSWORD) }))!;
});

const signInAdmin = (address?: string) => signIn({ email: admin.email, password: PASSWORD }, address);

/** Who the dashboard takes this cookie for (null: signed out), as a page or an action sees it. */
async function resolve(cookie: string): Promise<AdministratorDto | null> {
  useCookie(cookie);
  return getCurrentAdministrator();
}

async function rowOf(cookie: string) {
  const { sid } = (await decode({ token: cookie, secret: SECRET, salt: SESSION_COOKIE })) as { sid: string };
  const [row] = await getDb().select().from(sessions).where(eq(sessions.id, sessionIdOf(sid)));
  return { ...row!, sid };
}

describe("signing in", () => {
  it("records a session with the client address and an absolute expiry 12 hours after sign-in", async () => {
    const cookie = await signInAdmin("198.51.100.77");
    expect(await resolve(cookie)).toEqual({ id: admin.id, email: admin.email, name: admin.name, role: "admin" });
    const row = await rowOf(cookie);
    expect(row).toMatchObject({ administratorId: admin.id, clientAddress: "198.51.100.77", endedAt: null, endedReason: null });
    // Both times come from the database's clock at the insert.
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SESSION_MAX_AGE_S * 1000);
    // Only the token's hash is stored, never the token the (encrypted) cookie carries.
    expect(row.sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(row.id).toBe(sessionIdOf(row.sid));
    expect(JSON.stringify(await getDb().select().from(sessions))).not.toContain(row.sid);
  });

  it("gives every sign-in a session of its own", async () => {
    const [one, two] = [await signInAdmin(), await signInAdmin()];
    expect((await rowOf(one)).id).not.toBe((await rowOf(two)).id);
  });
});

describe("signing out", () => {
  it("POST /api/auth/signout ends the session: the old cookie loads no page, runs no action, and gets no fresh token", async () => {
    const cookie = await signInAdmin();
    // Before: GET /api/auth/session answers with the session and renews the cookie.
    const before = await getSession(cookie);
    expect(before.session?.user?.id).toBe(admin.id);
    expect(before.renewed).toEqual(expect.any(String));
    expect(before.session).not.toHaveProperty("sessionToken");

    expect((await signOut(cookie)).status).toBe(302);

    expect(await resolve(cookie)).toBeNull();
    for (const stale of [cookie, before.renewed!]) {
      const after = await getSession(stale);
      expect(after.session).toBeNull();
      expect(after.renewed).toBeNull(); // the cookie is cleared, not re-issued
      expect(after.reply.cookies.get(SESSION_COOKIE)).toBe("");
    }
    useCookie(cookie);
    const countsBefore = await tableCounts();
    expect(await createWorkspace(null, form({ name: uniqueName("after-sign-out") }))).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    expect(await tableCounts()).toEqual(countsBefore);
    expect(await rowOf(cookie)).toMatchObject({ endedReason: "sign_out", endedAt: expect.any(Date) });
  });

  it("the dashboard's Sign out (signOutAction) ends the session too, and clears the cookie", async () => {
    const cookie = await signInAdmin();
    useCookie(cookie);
    jar.set = [];
    await expect(signOutAction()).rejects.toMatchObject({ digest: expect.stringContaining("/login") });
    expect(jar.set).toContainEqual({ name: SESSION_COOKIE, value: "" });
    expect(await resolve(cookie)).toBeNull();
    expect((await getSession(cookie)).session).toBeNull();
    expect(await rowOf(cookie)).toMatchObject({ endedReason: "sign_out" });
  });

  it("ends only that session: the same person's other sessions stay signed in", async () => {
    const [leaving, staying] = [await signInAdmin(), await signInAdmin()];
    await signOut(leaving);
    expect(await resolve(leaving)).toBeNull();
    expect(await resolve(staying)).toMatchObject({ id: admin.id });
  });
});

describe("the absolute lifetime", () => {
  it("refuses a session past its expiry although the JWT was renewed, and renewing never moves the expiry", async () => {
    const cookie = await signInAdmin();
    const { expiresAt } = await rowOf(cookie);
    const { renewed } = await getSession(cookie);
    expect(renewed).toEqual(expect.any(String));
    expect((await rowOf(renewed!)).expiresAt).toEqual(expiresAt);

    // The clock passing the expiry, by moving the expiry (no waiting): one second ago.
    await getDb().update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.id, (await rowOf(cookie)).id));
    for (const stale of [cookie, renewed!]) {
      expect(await resolve(stale)).toBeNull();
      const after = await getSession(stale);
      expect(after.session).toBeNull();
      expect(after.renewed).toBeNull();
    }
    useCookie(renewed);
    expect(await createWorkspace(null, form({ name: uniqueName("expired") }))).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
  });

  it("refuses a valid JWT that names no recorded session (e.g. one issued before sessions were recorded)", async () => {
    const forged = await encode({ token: { sub: admin.id, email: admin.email }, secret: SECRET, salt: SESSION_COOKIE, maxAge: SESSION_MAX_AGE_S });
    expect(await resolve(forged)).toBeNull();
    expect((await getSession(forged)).session).toBeNull();
    const unknown = await encode({ token: { sub: admin.id, sid: "not-a-session" }, secret: SECRET, salt: SESSION_COOKIE, maxAge: SESSION_MAX_AGE_S });
    expect(await resolve(unknown)).toBeNull();
    expect((await getSession(unknown)).renewed).toBeNull();
  });

  it("drops a person's expired sessions when they sign in again", async () => {
    const old = await signInAdmin();
    const oldId = (await rowOf(old)).id;
    await getDb().update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.id, oldId));
    await signInAdmin();
    expect(await getDb().select().from(sessions).where(eq(sessions.id, oldId))).toEqual([]);
  });
});
