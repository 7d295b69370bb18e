// People (issue 11 item 1; formerly administrators, issue 5): add with a role and workspaces,
// remove; never yourself, never the last admin. Edit person: people-edit.test.ts.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { countAdmins, listPeople, type AdministratorDto } from "@/db/queries/administrators";
import { administrators, ROLES, sessions } from "@/db/schema";
import { INVALID_MESSAGE, SIGNED_OUT_MESSAGE } from "@/lib/actions/define-action";
import { addPersonAction, removePersonAction, updatePersonAction } from "@/lib/actions/people";
import { verifyPassword } from "@/lib/auth/password";
import { MEMBER_MESSAGE, READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { LAST_ADMIN_MESSAGE, removePerson, updatePerson } from "@/lib/domain/people";
import { startSession } from "@/lib/domain/sessions";
import { DEFAULT_NOT_AUTHORIZED_MESSAGE } from "@/lib/validations/workspace-access";
import { validPayloads } from "../support/action-payloads";
import { newWorkspace } from "../support/api-key-fixtures";
import { auditEventsFor, CLIENT_ADDRESS, expectNothingWritten, personLinksOf } from "../support/db-helpers";
import { createAdministrator, form, signAs, signAsLive, uniqueName } from "../support/fixtures";
import { discoverServerActions } from "../support/server-actions";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const PASSWORD = "an initial password 42";
const GONE = "This person no longer exists.";
let admin: AdministratorDto;
let viewer: AdministratorDto;
let member: AdministratorDto;

async function rowOf(id: string) {
  const [row] = await getDb().select().from(administrators).where(eq(administrators.id, id));
  return row ?? null;
}
/** Starts an action as `who`. The session is read synchronously when the call starts, so calls as different people can overlap. */
function startAs<T>(who: AdministratorDto, call: () => Promise<T>): Promise<T> {
  signAs(who);
  return call();
}
const email = () => `${uniqueName("person")}@example.test`;
const demote = (target: AdministratorDto) => updatePersonAction(null, form({ allWorkspaces: "true", id: target.id, name: "Test admin", role: "viewer" }));

beforeAll(async () => {
  admin = await createAdministrator("admin");
  viewer = await createAdministrator("viewer");
  member = await createAdministrator("member");
});
beforeEach(() => signAs(admin));

describe("addPersonAction", () => {
  it.each(ROLES)("adds a %s: argon2id hash (never the password), lower-cased email, no workspaces = every workspace, an audit event", async (role) => {
    const typed = `${uniqueName("Grace")}@Example.TEST`;
    const result = await addPersonAction(null, form({ allWorkspaces: "true", email: ` ${typed} `, name: "Grace Hopper", role, password: PASSWORD }));
    expect(result).toMatchObject({ ok: true, message: `${typed.toLowerCase()} can now sign in as ${role}`, data: { email: typed.toLowerCase(), role } });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    const row = await rowOf(result.ok ? result.data!.id : "");
    expect(row).toMatchObject({ email: typed.toLowerCase(), name: "Grace Hopper", role, defaultWorkspaceId: null, lastSignInAt: null });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash, PASSWORD)).toBe(true);
    expect(await personLinksOf(row!.id)).toEqual([]);
    expect(await auditEventsFor(row!.id)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        action: "administrator.create",
        targetName: typed.toLowerCase(),
        clientAddress: CLIENT_ADDRESS,
        details: { role, defaultWorkspace: null, authorizedWorkspaces: "all" },
      }),
    ]);
  });

  it("adds a member with a default and authorized workspaces; the People list shows them by name", async () => {
    const [a, b] = [await newWorkspace("team-a"), await newWorkspace("team-b")];
    const address = email();
    const result = await addPersonAction(null, form({ email: address, name: "Mia Member", role: "member", password: PASSWORD, defaultWorkspaceId: b.id, authorizedWorkspaceIds: [a.id, b.id.toUpperCase()] }));
    expect(result).toMatchObject({ ok: true });
    const id = result.ok ? result.data!.id : "";
    expect(await rowOf(id)).toMatchObject({ role: "member", defaultWorkspaceId: b.id });
    expect(await personLinksOf(id)).toEqual([a.id, b.id].sort());
    const listed = (await listPeople(getDb())).find((p) => p.id === id);
    expect(listed).toMatchObject({ defaultWorkspace: { id: b.id, name: b.name }, lastSignInAt: null });
    expect(listed!.authorizedWorkspaces.map((w) => w.name).sort()).toEqual([a.name, b.name].sort());
    expect((await auditEventsFor(id))[0]!.details).toEqual({ role: "member", defaultWorkspace: b.name, authorizedWorkspaces: [a.name, b.name].sort() });
  });

  it("refuses a default workspace outside the authorized ones and workspaces that do not exist, each on its field, keeping what was typed", async () => {
    const [a, b] = [await newWorkspace(), await newWorkspace()];
    const address = email();
    const outside = await expectNothingWritten(() => addPersonAction(null, form({ email: address, name: "Out", role: "viewer", password: PASSWORD, defaultWorkspaceId: b.id, authorizedWorkspaceIds: a.id })));
    expect(outside).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { defaultWorkspaceId: [DEFAULT_NOT_AUTHORIZED_MESSAGE] } });
    expect(outside.ok ? {} : outside.values).toEqual({ email: address, name: "Out", role: "viewer", defaultWorkspaceId: b.id, authorizedWorkspaceIds: a.id });
    const unknown = randomUUID();
    const missing = await expectNothingWritten(() => addPersonAction(null, form({ email: address, name: "Gone", role: "member", password: PASSWORD, defaultWorkspaceId: unknown, authorizedWorkspaceIds: [unknown, a.id] })));
    expect(missing).toMatchObject({ ok: false, fieldErrors: { defaultWorkspaceId: [expect.stringContaining("no longer exists")], authorizedWorkspaceIds: [expect.stringContaining("no longer exists")] } });
    expect(missing.ok ? {} : missing.values).toMatchObject({ email: address, name: "Gone", role: "member" });
    expect(JSON.stringify([outside, missing])).not.toContain(PASSWORD);
  });

  it("refuses an email that exists in any letter case, on the email field, together with every other problem, writing nothing", async () => {
    const address = email();
    expect(await addPersonAction(null, form({ allWorkspaces: "true", email: address, name: "First", role: "admin", password: PASSWORD }))).toMatchObject({ ok: true });
    for (const variant of [address.toUpperCase(), `  ${address}`]) {
      const result = await expectNothingWritten(() => addPersonAction(null, form({ allWorkspaces: "true", email: variant, name: "Second", role: "viewer", password: PASSWORD })));
      expect(result).toMatchObject({ ok: false, message: `A person with the email ${address} already exists`, fieldErrors: { email: [`A person with the email ${address} already exists`] } });
    }
    const both = await expectNothingWritten(() => addPersonAction(null, form({ email: address, name: "Third", role: "member", password: PASSWORD, authorizedWorkspaceIds: randomUUID() })));
    expect(both).toMatchObject({ ok: false, message: "Some fields need attention.", fieldErrors: { email: [expect.stringContaining("already exists")], authorizedWorkspaceIds: [expect.any(String)] } });
  });

  const valid = { email: "valid.person@example.test", name: "Valid Person", role: "admin", password: PASSWORD, allWorkspaces: "true" };
  const long = "x".repeat(10_000);
  it.each([
    ["an empty form", {}, ["email", "name", "password", "role"]],
    ["blank fields", { email: " ", name: " ", role: "", password: "" }, ["email", "name", "password", "role"]],
    ["10,000 characters everywhere", { email: `${long}@example.test`, name: long, role: long, password: "p".repeat(10_000), defaultWorkspaceId: long }, ["defaultWorkspaceId", "email", "name", "password", "role"]],
    ["a malformed email", { ...valid, email: "valid.person@" }, ["email"]],
    ["an 11-character password", { ...valid, password: "elevenchars" }, ["password"]],
    ["an unknown role", { ...valid, role: "owner" }, ["role"]],
    ["a role in the wrong case", { ...valid, role: "Member" }, ["role"]],
    ["two roles", { ...valid, role: ["admin", "member"] }, ["role"]],
    ["markup in the name", { ...valid, name: "<img src=x onerror=alert(1)>" }, ["name"]],
    ["a workspace id that is no id", { ...valid, authorizedWorkspaceIds: ["1 or 1=1"] }, ["authorizedWorkspaceIds"]],
  ])("refuses %s with every field's error, writing nothing and never echoing the password", async (_label, fields, errored) => {
    const result = await expectNothingWritten(() => addPersonAction(null, form(fields as Record<string, string | string[]>)));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE });
    expect(Object.keys(result.ok ? {} : (result.fieldErrors ?? {})).sort()).toEqual(errored);
    expect(result.ok ? {} : result.values).not.toHaveProperty("password");
  });
});

describe("removePersonAction", () => {
  it("removes a person with their workspaces; the row goes, the audit events stay", async () => {
    const ws = await newWorkspace();
    const added = await addPersonAction(null, form({ email: email(), name: "Leaver", role: "member", password: PASSWORD, authorizedWorkspaceIds: ws.id }));
    const target = added.ok ? added.data! : admin;
    expect(await removePersonAction(null, form({ id: target.id }))).toMatchObject({ ok: true, message: `${target.email} was removed and can no longer sign in` });
    expect(await rowOf(target.id)).toBeNull();
    expect(await personLinksOf(target.id)).toEqual([]);
    expect((await auditEventsFor(target.id)).map((e) => [e.action, e.details])).toEqual([["administrator.remove", { role: "member" }], ["administrator.create", expect.anything()]]);
  });

  it("never yourself; an unknown or malformed id gets a clear answer", async () => {
    expect(await expectNothingWritten(() => removePersonAction(null, form({ id: admin.id.toUpperCase() })))).toEqual({ ok: false, message: "You cannot remove yourself. Ask another admin." });
    expect(await removePersonAction(null, form({ id: randomUUID() }))).toEqual({ ok: false, message: GONE });
    expect(await removePersonAction(null, form({}))).toMatchObject({ ok: false, fieldErrors: { id: [expect.any(String)] } });
  });
});

describe("who may", () => {
  it("anonymous, viewer and member callers are refused, each with their reason, nothing written", async () => {
    const target = await createAdministrator("viewer");
    for (const [who, message] of [[null, SIGNED_OUT_MESSAGE], [viewer, READ_ONLY_MESSAGE], [member, MEMBER_MESSAGE]] as const) {
      signAs(who);
      const calls = [
        () => addPersonAction(null, form({ allWorkspaces: "true", email: email(), name: "X", role: "admin", password: PASSWORD })),
        () => updatePersonAction(null, form({ allWorkspaces: "true", id: target.id, name: "X", role: "admin" })),
        () => removePersonAction(null, form({ id: target.id })),
      ];
      for (const call of calls) expect(await expectNothingWritten(call)).toEqual({ ok: false, message });
    }
    expect(await rowOf(target.id)).toMatchObject({ role: "viewer", name: "Test viewer" });
  });

  it("a session started sets Last sign-in (in the same transaction as the session)", async () => {
    const added = await addPersonAction(null, form({ allWorkspaces: "true", email: email(), name: "New", role: "member", password: PASSWORD }));
    const id = added.ok ? added.data!.id : "";
    expect((await rowOf(id))!.lastSignInAt).toBeNull();
    await startSession({ administratorId: id, clientAddress: CLIENT_ADDRESS });
    // now() is the transaction's start: equal times mean the same transaction wrote both.
    const [session] = await getDb().select({ createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.administratorId, id));
    expect((await rowOf(id))!.lastSignInAt?.getTime()).toBe(session!.createdAt.getTime());
  });
});

describe("the last admin", () => {
  // These tests make everyone but two fresh admins a viewer; `admin` is needed again afterwards.
  afterAll(async () => {
    await getDb().update(administrators).set({ role: "admin" }).where(eq(administrators.id, admin.id));
  });

  it("cannot be demoted or removed, even by a session that passed the role check before (domain guard)", async () => {
    const only = await createAdministrator("admin");
    await getDb().update(administrators).set({ role: "viewer" }).where(sql`${administrators.id} <> ${only.id}`);
    const stale = { actor: { id: admin.id, email: admin.email }, clientAddress: null };
    const edit = { id: only.id, name: "Test admin", defaultWorkspaceId: null, authorizedWorkspaceIds: [] };
    for (const role of ["viewer", "member"] as const) {
      expect(await expectNothingWritten(() => updatePerson({ ...edit, role }, stale))).toMatchObject({ ok: false, message: LAST_ADMIN_MESSAGE, fieldErrors: { role: [LAST_ADMIN_MESSAGE] } });
    }
    expect(await expectNothingWritten(() => removePerson({ id: only.id }, stale))).toEqual({ ok: false, message: LAST_ADMIN_MESSAGE });
    expect(await countAdmins(getDb())).toBe(1);
  });

  const loserMessages = [LAST_ADMIN_MESSAGE, READ_ONLY_MESSAGE, SIGNED_OUT_MESSAGE, GONE];
  it.each([
    ["two admins demote each other", "demote", "demote"],
    ["two admins remove each other", "remove", "remove"],
    ["one demotes while the other removes", "demote", "remove"],
  ] as const)("%s at once: exactly one succeeds, one admin remains (5 rounds)", async (_label, first, second) => {
    const act = (kind: "demote" | "remove", target: AdministratorDto) => (kind === "demote" ? demote(target) : removePersonAction(null, form({ id: target.id })));
    for (let round = 0; round < 5; round++) {
      await getDb().update(administrators).set({ role: "viewer" });
      const [a, b] = [await createAdministrator("admin"), await createAdministrator("admin")];
      const results = await Promise.all([startAs(a, () => act(first, b)), startAs(b, () => act(second, a))]);
      expect(results.filter((r) => r.ok), JSON.stringify(results)).toHaveLength(1);
      const loser = results.find((r) => !r.ok);
      expect(loserMessages).toContain(loser && !loser.ok ? loser.message : "");
      expect(await countAdmins(getDb())).toBe(1);
      const events = [...(await auditEventsFor(a.id)), ...(await auditEventsFor(b.id))].filter((e) => e.action !== "administrator.create");
      expect(events).toHaveLength(1);
      // The winner acted as itself: the overlapping calls kept their own sessions.
      const winner = results[0]!.ok ? a : b;
      expect(events[0]).toMatchObject({ actorId: winner.id, targetId: winner === a ? b.id : a.id });
    }
  });
});

describe("sessions follow the database", () => {
  it("a removed person's session is refused by every guarded action", async () => {
    const actions = (await discoverServerActions()).filter((a) => !["signInAction", "setupAction", "ssoSignInAction", "signOutAction", "invitationStateAction", "acceptInvitationAction"].includes(a.name));
    const payloads = validPayloads(() => admin);
    const removed = await createAdministrator("admin");
    expect(await removePersonAction(null, form({ id: removed.id }))).toMatchObject({ ok: true });
    for (const a of actions) {
      const payload = await (payloads[a.name] ?? (async () => new FormData()))();
      signAs(removed);
      expect(await expectNothingWritten(() => a.run(null, payload)), a.name).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    }
  });

  it("a demoted person's session ends at once, and their next session has the new role", async () => {
    const demoted = await createAdministrator("admin");
    signAs(admin);
    expect(await demote(demoted)).toMatchObject({ ok: true });
    signAs(demoted);
    expect(await expectNothingWritten(() => removePersonAction(null, form({ id: viewer.id })))).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    await signAsLive(demoted);
    expect(await expectNothingWritten(() => removePersonAction(null, form({ id: viewer.id })))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
  });
});
