// Administrators (issue 5, item 1): add, change a role, remove; never yourself, never the last admin.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { countAdmins, type AdministratorDto } from "@/db/queries/administrators";
import { administrators } from "@/db/schema";
import { changeAdministratorRoleAction, createAdministratorAction, removeAdministratorAction } from "@/lib/actions/administrators";
import { INVALID_MESSAGE, SIGNED_OUT_MESSAGE } from "@/lib/actions/define-action";
import { verifyPassword } from "@/lib/auth/password";
import { READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { changeAdministratorRole, LAST_ADMIN_MESSAGE, removeAdministrator } from "@/lib/domain/admin-accounts";
import { validPayloads } from "../support/action-payloads";
import { auditEventsFor, CLIENT_ADDRESS, tableCounts } from "../support/db-helpers";
import { createAdministrator, form, signAs, signAsLive, uniqueName } from "../support/fixtures";
import { discoverServerActions } from "../support/server-actions";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const PASSWORD = "an initial password 42";
let admin: AdministratorDto;
let viewer: AdministratorDto;

async function rowOf(id: string) {
  const [row] = await getDb().select().from(administrators).where(eq(administrators.id, id));
  return row ?? null;
}
async function expectNothingWritten<T>(call: () => Promise<T>): Promise<T> {
  const before = await tableCounts();
  const result = await call();
  expect(await tableCounts()).toEqual(before);
  return result;
}
/** Starts an action as `who`. The session is read synchronously when the call starts, so calls as different people can overlap. */
function startAs<T>(who: AdministratorDto, call: () => Promise<T>): Promise<T> {
  signAs(who);
  return call();
}

beforeAll(async () => {
  admin = await createAdministrator("admin");
  viewer = await createAdministrator("viewer");
});
beforeEach(() => signAs(admin));

describe("createAdministratorAction", () => {
  it("stores an argon2id hash (never the password), lower-cases the email, records an audit event", async () => {
    const email = `${uniqueName("Grace")}@Example.TEST`;
    const result = await createAdministratorAction(null, form({ email: ` ${email} `, name: "Grace Hopper", role: "viewer", password: PASSWORD }));
    expect(result).toMatchObject({ ok: true, message: `${email.toLowerCase()} can now sign in as viewer`, data: { email: email.toLowerCase(), role: "viewer" } });
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    const row = await rowOf(result.ok ? result.data!.id : "");
    expect(row).toMatchObject({ email: email.toLowerCase(), name: "Grace Hopper", role: "viewer" });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(row!.passwordHash, PASSWORD)).toBe(true);
    expect(await auditEventsFor(row!.id)).toEqual([
      expect.objectContaining({ actorId: admin.id, actorEmail: admin.email, action: "administrator.create", targetName: email.toLowerCase(), clientAddress: CLIENT_ADDRESS, details: { role: "viewer" } }),
    ]);
  });

  it("refuses an email that exists in any letter case, on the email field, writing nothing", async () => {
    const email = `${uniqueName("dup")}@example.test`;
    expect(await createAdministratorAction(null, form({ email, name: "First", role: "admin", password: PASSWORD }))).toMatchObject({ ok: true });
    for (const variant of [email.toUpperCase(), email.replace("dup", "DUP"), `  ${email}`]) {
      const result = await expectNothingWritten(() => createAdministratorAction(null, form({ email: variant, name: "Second", role: "viewer", password: PASSWORD })));
      expect(result).toMatchObject({ ok: false, fieldErrors: { email: [expect.stringContaining("already exists")] } });
      expect(JSON.stringify(result)).not.toContain(PASSWORD);
    }
  });

  const valid = { email: "valid.person@example.test", name: "Valid Person", role: "admin", password: PASSWORD };
  const long = "x".repeat(10_000);
  it.each([
    ["an empty form", {}, ["email", "name", "password", "role"]],
    ["blank fields", { email: " ", name: " ", role: "", password: "" }, ["email", "name", "password", "role"]],
    ["10,000 characters everywhere", { email: `${long}@example.test`, name: long, role: long, password: "p".repeat(10_000) }, ["email", "name", "password", "role"]],
    ["a malformed email", { ...valid, email: "valid.person@" }, ["email"]],
    ["an 11-character password", { ...valid, password: "elevenchars" }, ["password"]],
    ["a password of spaces", { ...valid, password: " ".repeat(20) }, ["password"]],
    ["an unknown role", { ...valid, role: "owner" }, ["role"]],
    ["a role in the wrong case", { ...valid, role: "Admin" }, ["role"]],
    ["two roles", { ...valid, role: ["admin", "viewer"] }, ["role"]],
    ["markup in the name", { ...valid, name: "<img src=x onerror=alert(1)>" }, ["name"]],
  ])("refuses %s with every field's error, writing nothing and never echoing the password", async (_label, fields, errored) => {
    const result = await expectNothingWritten(() => createAdministratorAction(null, form(fields as Record<string, string | string[]>)));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE });
    expect(Object.keys(result.ok ? {} : result.fieldErrors ?? {}).sort()).toEqual(errored);
    expect(result.ok ? {} : result.values).not.toHaveProperty("password");
    const password = (fields as { password?: string }).password ?? "";
    if (password.trim().length >= 12) expect(JSON.stringify(result)).not.toContain(password.slice(0, 50));
  });
});

describe("changeAdministratorRoleAction and removeAdministratorAction", () => {
  it("anonymous and viewer callers are refused, nothing written", async () => {
    const target = await createAdministrator("viewer");
    for (const [who, message] of [[null, SIGNED_OUT_MESSAGE], [viewer, READ_ONLY_MESSAGE]] as const) {
      signAs(who);
      const calls = [
        () => createAdministratorAction(null, form({ email: `${uniqueName("x")}@example.test`, name: "X", role: "admin", password: PASSWORD })),
        () => changeAdministratorRoleAction(null, form({ id: target.id, role: "admin" })),
        () => removeAdministratorAction(null, form({ id: target.id })),
      ];
      for (const call of calls) expect(await expectNothingWritten(call)).toEqual({ ok: false, message });
    }
    expect(await rowOf(target.id)).toMatchObject({ role: "viewer" });
  });

  it("changes a role (id in any case) with an audit event; the same role again is a no-op", async () => {
    const target = await createAdministrator("viewer");
    expect(await changeAdministratorRoleAction(null, form({ id: target.id.toUpperCase(), role: "admin" }))).toMatchObject({ ok: true, message: `${target.email} is now admin` });
    expect(await rowOf(target.id)).toMatchObject({ role: "admin" });
    expect(await auditEventsFor(target.id)).toEqual([
      expect.objectContaining({ actorId: admin.id, action: "administrator.change_role", details: { from: "viewer", to: "admin" }, clientAddress: CLIENT_ADDRESS }),
    ]);
    expect(await expectNothingWritten(() => changeAdministratorRoleAction(null, form({ id: target.id, role: "admin" })))).toMatchObject({ ok: true });
  });

  it("removes an administrator; the row goes, the audit events stay", async () => {
    const target = await createAdministrator("admin");
    expect(await removeAdministratorAction(null, form({ id: target.id }))).toMatchObject({ ok: true, message: `${target.email} was removed and can no longer sign in` });
    expect(await rowOf(target.id)).toBeNull();
    expect(await auditEventsFor(target.id)).toEqual([expect.objectContaining({ action: "administrator.remove", targetName: target.email, details: { role: "admin" } })]);
  });

  it("never your own role, never yourself", async () => {
    expect(await expectNothingWritten(() => changeAdministratorRoleAction(null, form({ id: admin.id, role: "viewer" })))).toEqual({ ok: false, message: "You cannot change your own role. Ask another admin." });
    expect(await expectNothingWritten(() => removeAdministratorAction(null, form({ id: admin.id.toUpperCase() })))).toEqual({ ok: false, message: "You cannot remove yourself. Ask another admin." });
    expect(await rowOf(admin.id)).toMatchObject({ role: "admin" });
  });

  it("an unknown, malformed or missing id, or a wrong role, gets a clear answer", async () => {
    expect(await changeAdministratorRoleAction(null, form({ id: randomUUID(), role: "viewer" }))).toEqual({ ok: false, message: "This administrator no longer exists." });
    expect(await removeAdministratorAction(null, form({ id: randomUUID() }))).toEqual({ ok: false, message: "This administrator no longer exists." });
    expect(await changeAdministratorRoleAction(null, form({ id: "1 or 1=1", role: "superuser" }))).toMatchObject({ ok: false, fieldErrors: { id: [expect.any(String)], role: [expect.any(String)] } });
    expect(await removeAdministratorAction(null, form({}))).toMatchObject({ ok: false, fieldErrors: { id: [expect.any(String)] } });
  });
});

describe("the last admin", () => {
  // These tests make everyone but two fresh admins a viewer; `admin` is needed again afterwards.
  afterAll(async () => {
    await getDb().update(administrators).set({ role: "admin" }).where(eq(administrators.id, admin.id));
  });

  /** Exactly two admins, `a` and `b`; everyone else a viewer. */
  async function onlyTwoAdmins(): Promise<[AdministratorDto, AdministratorDto]> {
    await getDb().update(administrators).set({ role: "viewer" });
    return [await createAdministrator("admin"), await createAdministrator("admin")];
  }

  it("cannot be demoted or removed, even by a session that passed the role check before (domain guard)", async () => {
    const only = await createAdministrator("admin");
    await getDb().update(administrators).set({ role: "viewer" }).where(sql`${administrators.id} <> ${only.id}`);
    const stale = { actor: { id: admin.id, email: admin.email }, clientAddress: null };
    expect(await expectNothingWritten(() => changeAdministratorRole({ id: only.id, role: "viewer" }, stale))).toEqual({ ok: false, message: LAST_ADMIN_MESSAGE });
    expect(await expectNothingWritten(() => removeAdministrator({ id: only.id }, stale))).toEqual({ ok: false, message: LAST_ADMIN_MESSAGE });
    expect(await countAdmins(getDb())).toBe(1);
  });

  const loserMessages = [LAST_ADMIN_MESSAGE, READ_ONLY_MESSAGE, SIGNED_OUT_MESSAGE, "This administrator no longer exists."];
  it.each([
    ["two admins demote each other", "demote", "demote"],
    ["two admins remove each other", "remove", "remove"],
    ["one demotes while the other removes", "demote", "remove"],
  ] as const)("%s at once: exactly one succeeds, one admin remains (5 rounds)", async (_label, first, second) => {
    const act = (kind: "demote" | "remove", target: AdministratorDto) =>
      kind === "demote" ? changeAdministratorRoleAction(null, form({ id: target.id, role: "viewer" })) : removeAdministratorAction(null, form({ id: target.id }));
    for (let round = 0; round < 5; round++) {
      const [a, b] = await onlyTwoAdmins();
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
  it("a removed administrator's session is refused by every guarded action", async () => {
    const actions = (await discoverServerActions()).filter((a) => !["signInAction", "setupAction", "signOutAction"].includes(a.name));
    const payloads = validPayloads(() => admin);
    const removed = await createAdministrator("admin");
    expect(await removeAdministratorAction(null, form({ id: removed.id }))).toMatchObject({ ok: true });
    for (const a of actions) {
      const payload = await (payloads[a.name] ?? (async () => new FormData()))();
      signAs(removed);
      expect(await expectNothingWritten(() => a.run(null, payload)), a.name).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    }
  });

  it("a demoted administrator's session ends at once, and their next session is read-only", async () => {
    const demoted = await createAdministrator("admin");
    signAs(admin);
    expect(await changeAdministratorRoleAction(null, form({ id: demoted.id, role: "viewer" }))).toMatchObject({ ok: true });
    signAs(demoted);
    expect(await expectNothingWritten(() => removeAdministratorAction(null, form({ id: viewer.id })))).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    await signAsLive(demoted);
    expect(await expectNothingWritten(() => removeAdministratorAction(null, form({ id: viewer.id })))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
  });
});
