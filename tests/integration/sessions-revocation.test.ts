// What else ends sessions (issue 10, item 2): a role change, removal and "Sign out everywhere" end
// every session of that person, in the same transaction as the change, and nobody else's. Real
// sign-ins through Auth.js's handlers; the actions run as a real signed-in admin.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { insertAdministrator, type AdministratorDto } from "@/db/queries/administrators";
import { sessions, type Role } from "@/db/schema";
import { removePersonAction, signOutEverywhereAction, updatePersonAction } from "@/lib/actions/people";
import { SIGNED_OUT_MESSAGE } from "@/lib/actions/define-action";
import { hashPassword } from "@/lib/auth/password";
import { READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { getCurrentAdministrator } from "@/lib/auth/session";
import { endSessionsOfPerson } from "@/lib/domain/sessions";
import { getSession, signIn, signOut, useCookie } from "../support/auth-js-inprocess";
import { auditEventsFor, CLIENT_ADDRESS } from "../support/db-helpers";
import { form, uniqueName } from "../support/fixtures";

vi.unmock("@/lib/auth/current");
const jar = vi.hoisted(() => ({ set: [] as { name: string; value: string }[] }));
vi.mock("next/headers", async () => {
  const { requestContext: context } = await import("../support/next-mocks");
  return {
    headers: async () => context.headers,
    cookies: async () => ({ set: (name: string, value: string) => jar.set.push({ name, value }) }),
  };
});

const PASSWORD = "a long enough password 8";
let passwordHash: string;

type Person = AdministratorDto & { signIn: () => Promise<string> };

async function person(role: Role): Promise<Person> {
  const email = `${uniqueName(role)}@example.test`;
  const admin = (await insertAdministrator(getDb(), { email, name: `Person ${role}`, role, passwordHash }))!;
  return { ...admin, signIn: () => signIn({ email, password: PASSWORD }) };
}

async function signedIn(cookie: string): Promise<boolean> {
  useCookie(cookie);
  const me = await getCurrentAdministrator();
  return me !== null && (await getSession(cookie)).session !== null;
}

/** Runs `call` as the holder of `cookie`, the way a server action arrives. */
function as<T>(cookie: string, call: () => Promise<T>): Promise<T> {
  useCookie(cookie);
  return call();
}

let actor: Person;
let actorCookie: string;
let bystander: Person;
let bystanderCookie: string;

beforeAll(async () => {
  process.env.AUTH_SECRET = "sessions-revocation-secret-0123456789";
  passwordHash = await hashPassword(PASSWORD);
  actor = await person("admin");
  actorCookie = await actor.signIn();
  bystander = await person("viewer");
  bystanderCookie = await bystander.signIn();
});

/** The actor and the bystander are still signed in: the change ended only its target's sessions. */
async function expectOthersSignedIn() {
  expect(await signedIn(actorCookie)).toBe(true);
  expect(await signedIn(bystanderCookie)).toBe(true);
}

describe("a role change", () => {
  it("ends every session of that person and no one else's; they sign in again under the new role", async () => {
    const target = await person("viewer");
    const cookies = [await target.signIn(), await target.signIn()];
    expect(await as(actorCookie, () => updatePersonAction(null, form({ allWorkspaces: "true", id: target.id, name: "Person viewer", role: "admin" })))).toMatchObject({ ok: true });
    for (const cookie of cookies) expect(await signedIn(cookie)).toBe(false);
    const rows = await getDb().select().from(sessions).where(eq(sessions.administratorId, target.id));
    expect(rows.map((r) => r.endedReason)).toEqual(["role_change", "role_change"]);
    await expectOthersSignedIn();

    useCookie(await target.signIn());
    expect(await getCurrentAdministrator()).toMatchObject({ id: target.id, role: "admin" });
  });

  it("a refused role change (your own) ends nothing", async () => {
    const cookie = await actor.signIn();
    const result = await as(actorCookie, () => updatePersonAction(null, form({ allWorkspaces: "true", id: actor.id, name: "Person admin", role: "viewer" })));
    expect(result.ok).toBe(false);
    expect(await signedIn(cookie)).toBe(true);
  });
});

describe("removing a person", () => {
  it("ends every session of that person (their rows go with them) and no one else's", async () => {
    const target = await person("admin");
    const cookies = [await target.signIn(), await target.signIn()];
    expect(await as(actorCookie, () => removePersonAction(null, form({ id: target.id })))).toMatchObject({ ok: true });
    for (const cookie of cookies) expect(await signedIn(cookie)).toBe(false);
    expect(await getDb().select().from(sessions).where(eq(sessions.administratorId, target.id))).toEqual([]);
    await expectOthersSignedIn();
  });
});

describe("Sign out everywhere", () => {
  it("ends every session of that person and no one else's, with an audit event in the same change", async () => {
    const target = await person("viewer");
    const cookies = [await target.signIn(), await target.signIn(), await target.signIn()];
    const result = await as(actorCookie, () => signOutEverywhereAction(null, form({ id: target.id })));
    expect(result).toEqual({ ok: true, message: `${target.email} is signed out everywhere (3 sessions ended)` });
    for (const cookie of cookies) expect(await signedIn(cookie)).toBe(false);
    await expectOthersSignedIn();
    expect(await auditEventsFor(target.id)).toEqual([
      expect.objectContaining({
        actorId: actor.id,
        actorEmail: actor.email,
        action: "administrator.sign_out_everywhere",
        targetType: "administrator",
        targetName: target.email,
        clientAddress: CLIENT_ADDRESS,
        details: { sessions: 3 },
      }),
    ]);
    // They can sign in again.
    expect(await signedIn(await target.signIn())).toBe(true);
  });

  it("on yourself: every one of your sessions ends, this one included, and you land on /login", async () => {
    const me = await person("admin");
    const [here, elsewhere] = [await me.signIn(), await me.signIn()];
    jar.set = [];
    await expect(as(here, () => signOutEverywhereAction(null, form({ id: me.id })))).rejects.toMatchObject({ digest: expect.stringContaining("/login") });
    expect(jar.set).toContainEqual({ name: "authjs.session-token", value: "" });
    expect(await signedIn(here)).toBe(false);
    expect(await signedIn(elsewhere)).toBe(false);
    await expectOthersSignedIn();
  });

  it("is refused to a viewer and to a signed-out session, and ends nothing", async () => {
    const target = await person("admin");
    const cookie = await target.signIn();
    expect(await as(bystanderCookie, () => signOutEverywhereAction(null, form({ id: target.id })))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
    const gone = await actor.signIn();
    await signOut(gone);
    expect(await as(gone, () => signOutEverywhereAction(null, form({ id: target.id })))).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    expect(await signedIn(cookie)).toBe(true);
    expect(await auditEventsFor(target.id)).toEqual([]);
  });
});

describe("endSessionsOfPerson (for password changes and resets)", () => {
  it("ends that person's live sessions with the reason given, inside the caller's transaction", async () => {
    const target = await person("viewer");
    const cookie = await target.signIn();
    await expect(
      getDb().transaction(async (tx) => {
        expect(await endSessionsOfPerson(tx, target.id, "password_change")).toBe(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await signedIn(cookie)).toBe(true);
    expect(await getDb().transaction((tx) => endSessionsOfPerson(tx, target.id, "password_reset"))).toBe(1);
    expect(await signedIn(cookie)).toBe(false);
    const [row] = await getDb().select().from(sessions).where(eq(sessions.administratorId, target.id));
    expect(row).toMatchObject({ endedReason: "password_reset" });
    await expectOthersSignedIn();
  });
});
