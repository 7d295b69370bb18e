import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { listWorkspaces } from "@/db/queries/workspaces";
import { workspaces } from "@/db/schema";
import { INVALID_MESSAGE, SIGNED_OUT_MESSAGE, UNREADABLE_MESSAGE } from "@/lib/actions/define-action";
import { addPersonAction, updatePersonAction } from "@/lib/actions/people";
import { createServiceAccount, deleteServiceAccount } from "@/lib/actions/service-accounts";
import { createWorkspace, deleteWorkspace } from "@/lib/actions/workspaces";
import { READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { auditEventsFor, CLIENT_ADDRESS, expectNothingWritten } from "../support/db-helpers";
import { accessOf, createAdministrator, form, signAs, uniqueName } from "../support/fixtures";

let admin: AdministratorDto;
let viewer: AdministratorDto;

async function newWorkspace() {
  const result = await createWorkspace(null, form({ name: uniqueName("ws") }));
  if (!result.ok) throw new Error(result.message);
  return result.data!;
}

async function addPerson(fields: Record<string, string | string[]>) {
  const result = await addPersonAction(null, form({ email: `${uniqueName("p")}@example.test`, name: "P", role: "member", password: "a long enough password", ...accessOf(fields), ...fields }));
  if (!result.ok) throw new Error(result.message);
  return result.data!;
}

async function newAccount(fields: Record<string, string | string[]>) {
  const name = uniqueName("svc");
  const result = await createServiceAccount(null, form({ name, ...accessOf(fields), ...fields }));
  if (!result.ok) throw new Error(result.message);
  return result.data!;
}

async function workspaceRow(id: string) {
  const [row] = await getDb().select().from(workspaces).where(eq(workspaces.id, id));
  return row ?? null;
}


beforeAll(async () => {
  admin = await createAdministrator("admin");
  viewer = await createAdministrator("viewer");
});

beforeEach(() => signAs(admin));

describe("createWorkspace", () => {
  it("creates a workspace with its name folded to lower case, and an audit event", async () => {
    const name = uniqueName("Team-EU");
    const result = await createWorkspace(null, form({ name: `  ${name}  ` }));
    expect(result).toMatchObject({ ok: true, message: `Workspace "${name.toLowerCase()}" created`, data: { name: name.toLowerCase() } });
    const id = result.ok ? result.data!.id : "";
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await workspaceRow(id)).toMatchObject({ name: name.toLowerCase() });
    expect(await auditEventsFor(id)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        actorEmail: admin.email,
        action: "workspace.create",
        targetType: "workspace",
        targetName: name.toLowerCase(),
        clientAddress: CLIENT_ADDRESS,
      }),
    ]);
  });

  it("refuses a name taken in any letter case, on the name field", async () => {
    const ws = await newWorkspace();
    const result = await expectNothingWritten(() => createWorkspace(null, form({ name: ws.name.toUpperCase() })));
    const message = `A workspace named "${ws.name}" already exists`;
    expect(result).toEqual({ ok: false, message, fieldErrors: { name: [message] }, values: { name: ws.name } });
  });

  it("refuses anonymous and viewer callers and writes nothing", async () => {
    signAs(null);
    expect(await expectNothingWritten(() => createWorkspace(null, form({ name: uniqueName("anon") })))).toEqual({
      ok: false,
      message: SIGNED_OUT_MESSAGE,
    });
    signAs(viewer);
    expect(await expectNothingWritten(() => createWorkspace(null, form({ name: uniqueName("view") })))).toEqual({
      ok: false,
      message: READ_ONLY_MESSAGE,
    });
  });

  it.each([
    ["reserved", "Default", /reserved/],
    ["empty", "", /Enter a name/],
    ["blank", "   ", /Enter a name/],
    ["10,000 characters", "a".repeat(10_000), /at most 63/],
    ["SQL metacharacters", "'; drop table workspaces;--", /lowercase letters/],
    ["HTML metacharacters", "<script>alert(1)</script>", /lowercase letters/],
    ["unicode", "équipe-🚀", /lowercase letters/],
    ["a slash", "team/a", /lowercase letters/],
    ["a leading dash", "-team", /Start with a letter/],
  ])("refuses a %s name with a field error and writes nothing", async (_label, name, message) => {
    const result = await expectNothingWritten(() => createWorkspace(null, form({ name })));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { name: expect.arrayContaining([expect.stringMatching(message)]) } });
  });

  it.each([["a string", "name=x"], ["a number", 7], ["null", null], ["an array", ["x"]]])("answers %s payload with a clear message", async (_l, payload) => {
    expect(await expectNothingWritten(() => createWorkspace(null, payload))).toEqual({ ok: false, message: UNREADABLE_MESSAGE });
  });
});

describe("deleteWorkspace", () => {
  it("deletes an unused workspace, with an audit event", async () => {
    const ws = await newWorkspace();
    expect(await deleteWorkspace(null, form({ id: ws.id }))).toEqual({ ok: true, message: `Workspace "${ws.name}" deleted` });
    expect(await workspaceRow(ws.id)).toBeNull();
    const [deleted, created] = await auditEventsFor(ws.id);
    expect(deleted).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      action: "workspace.delete",
      targetType: "workspace",
      targetName: ws.name,
      clientAddress: CLIENT_ADDRESS,
    });
    expect(created?.action).toBe("workspace.create");
  });

  it("refuses a workspace used as a default, naming the accounts", async () => {
    const ws = await newWorkspace();
    const first = await newAccount({ defaultWorkspaceId: ws.id });
    const second = await newAccount({ defaultWorkspaceId: ws.id, authorizedWorkspaceIds: [ws.id] });
    const result = await expectNothingWritten(() => deleteWorkspace(null, form({ id: ws.id })));
    expect(result.ok).toBe(false);
    const message = result.ok ? "" : result.message;
    expect(message).toContain(`Workspace "${ws.name}" is used by service accounts`);
    expect(message).toContain(first.name);
    expect(message).toContain(second.name);
    expect(await workspaceRow(ws.id)).not.toBeNull();
  });

  it("refuses a workspace that is only authorized, naming the account, and allows it once unused", async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace();
    const account = await newAccount({ defaultWorkspaceId: other.id, authorizedWorkspaceIds: [other.id, ws.id] });
    const result = await expectNothingWritten(() => deleteWorkspace(null, form({ id: ws.id })));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(account.name) });
    expect(await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }))).toMatchObject({ ok: true });
    expect(await deleteWorkspace(null, form({ id: ws.id }))).toMatchObject({ ok: true });
    expect(await deleteWorkspace(null, form({ id: other.id }))).toMatchObject({ ok: true });
  });

  it("names at most ten accounts, then says there are others", async () => {
    const ws = await newWorkspace();
    for (let i = 0; i < 11; i++) await newAccount({ authorizedWorkspaceIds: [ws.id] });
    const result = await deleteWorkspace(null, form({ id: ws.id }));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/ and others\. Remove it from them first\.$/) });
    expect((result.ok ? "" : result.message).match(/svc-[0-9a-f]{8}/g)).toHaveLength(10);
  });

  it("refuses a workspace a person uses (default or authorized), naming them beside the accounts; allowed once nobody does", async () => {
    const ws = await newWorkspace();
    const other = await newWorkspace();
    const account = await newAccount({ authorizedWorkspaceIds: [ws.id] });
    const byDefault = await addPerson({ defaultWorkspaceId: ws.id });
    const byAuthorized = await addPerson({ authorizedWorkspaceIds: [other.id, ws.id] });
    const both = await expectNothingWritten(() => deleteWorkspace(null, form({ id: ws.id })));
    expect(both).toEqual({
      ok: false,
      message: `Workspace "${ws.name}" is used by service accounts ${account.name} and by people ${[byDefault.email, byAuthorized.email].sort().join(", ")}. Remove it from them first.`,
    });
    expect(await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }))).toMatchObject({ ok: true });
    expect(await updatePersonAction(null, form({ allWorkspaces: "true", id: byDefault.id, name: "P", role: "member" }))).toMatchObject({ ok: true });
    const one = await expectNothingWritten(() => deleteWorkspace(null, form({ id: ws.id })));
    expect(one).toEqual({ ok: false, message: `Workspace "${ws.name}" is used by person ${byAuthorized.email}. Remove it from them first.` });
    expect(await updatePersonAction(null, form({ id: byAuthorized.id, name: "P", role: "member", authorizedWorkspaceIds: other.id }))).toMatchObject({ ok: true });
    expect(await deleteWorkspace(null, form({ id: ws.id }))).toMatchObject({ ok: true });
  });

  it("gives a clear message for an unknown or already-deleted workspace", async () => {
    const ws = await newWorkspace();
    expect(await deleteWorkspace(null, form({ id: ws.id }))).toMatchObject({ ok: true });
    for (const id of [ws.id, randomUUID()]) {
      expect(await expectNothingWritten(() => deleteWorkspace(null, form({ id })))).toEqual({ ok: false, message: "This workspace no longer exists." });
    }
  });

  it("refuses anonymous and viewer callers and keeps the workspace", async () => {
    const ws = await newWorkspace();
    signAs(null);
    expect(await expectNothingWritten(() => deleteWorkspace(null, form({ id: ws.id })))).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    signAs(viewer);
    expect(await expectNothingWritten(() => deleteWorkspace(null, form({ id: ws.id })))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
    expect(await workspaceRow(ws.id)).not.toBeNull();
  });

  it.each(["", "   ", "123", "'; drop table workspaces;--", "<script>", "x".repeat(10_000)])("refuses the malformed id %#", async (id) => {
    const result = await expectNothingWritten(() => deleteWorkspace(null, form({ id })));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { id: ["Not a valid id"] } });
  });

  it.each([["a string", "id=x"], ["a number", 1], ["null", null], ["an array", []]])("answers %s payload with a clear message", async (_l, payload) => {
    expect(await expectNothingWritten(() => deleteWorkspace(null, payload))).toEqual({ ok: false, message: UNREADABLE_MESSAGE });
  });
});

describe("listWorkspaces", () => {
  // Regression: drizzle leaves columns unqualified in a single-table select, so the correlated
  // usage subquery once compared with the inner service_accounts.id and every count was 0.
  it("counts each service account that uses a workspace once, as default or authorized", async () => {
    const ws = await newWorkspace();
    const unused = await newWorkspace();
    await newAccount({ defaultWorkspaceId: ws.id });
    await newAccount({ authorizedWorkspaceIds: [ws.id] });
    await newAccount({ defaultWorkspaceId: ws.id, authorizedWorkspaceIds: [ws.id] });
    const rows = await listWorkspaces(getDb());
    expect(rows.find((r) => r.id === unused.id)).toMatchObject({ name: unused.name, serviceAccountCount: 0 });
    expect(rows.find((r) => r.id === ws.id)).toMatchObject({ name: ws.name, serviceAccountCount: 3 });
  });

  it("counts each person who uses a workspace once, as default or authorized, beside the accounts", async () => {
    const ws = await newWorkspace();
    await newAccount({ defaultWorkspaceId: ws.id });
    await addPerson({ defaultWorkspaceId: ws.id });
    await addPerson({ authorizedWorkspaceIds: [ws.id] });
    await addPerson({ defaultWorkspaceId: ws.id, authorizedWorkspaceIds: [ws.id] });
    await addPerson({});
    expect((await listWorkspaces(getDb())).find((r) => r.id === ws.id)).toMatchObject({ serviceAccountCount: 1, personCount: 3 });
  });

  it("lists workspaces sorted by name", async () => {
    const names = (await listWorkspaces(getDb())).map((r) => r.name);
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual([...names].sort());
  });
});
