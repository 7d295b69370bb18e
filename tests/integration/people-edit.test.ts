// Edit person (issue 11 item 1): name, role, default and authorized workspaces in one action, one
// audit event. Never your own role, never the last admin (people.test.ts races that); a role change
// ends the person's sessions, a workspace change ends their Opik-web-UI credentials.
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { administrators, sessions } from "@/db/schema";
import { INVALID_MESSAGE } from "@/lib/actions/define-action";
import { updatePersonAction } from "@/lib/actions/people";
import { OWN_ROLE_MESSAGE } from "@/lib/domain/people";
import { DEFAULT_NOT_AUTHORIZED_MESSAGE } from "@/lib/validations/workspace-access";
import { newWorkspace } from "../support/api-key-fixtures";
import { auditEventsFor, CLIENT_ADDRESS, credentialState, expectNothingWritten, insertPersonCredential, personLinksOf } from "../support/db-helpers";
import { accessOf, createAdministrator, form, signAs } from "../support/fixtures";

vi.mock("@/lib/auth/next-auth", () => ({ signIn: vi.fn(), signOut: vi.fn(), auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

let admin: AdministratorDto;
let ws: { id: string; name: string }[];

type Edit = { name?: string; role?: string; defaultWorkspaceId?: string; allWorkspaces?: string; authorizedWorkspaceIds?: string[] };
/** Edit person as the dialog posts it: every field, `changes` over the person's current values. */
async function edit(target: AdministratorDto, changes: Edit = {}) {
  const [row] = await getDb().select().from(administrators).where(eq(administrators.id, target.id));
  const current = { name: row?.name ?? target.name, role: row?.role ?? target.role, defaultWorkspaceId: row?.defaultWorkspaceId ?? "", authorizedWorkspaceIds: await personLinksOf(target.id) };
  // As the dialog opens: "All workspaces" chosen when none is stored, unless the test changes the choice.
  const access = current.authorizedWorkspaceIds.length === 0 ? accessOf(changes) : {};
  return updatePersonAction(null, form({ id: target.id, ...current, ...access, ...changes }));
}
const liveSessions = async (id: string) => (await getDb().select().from(sessions).where(and(eq(sessions.administratorId, id), isNull(sessions.endedAt)))).length;

beforeAll(async () => {
  admin = await createAdministrator("admin");
  signAs(admin);
  ws = [await newWorkspace("edit-a"), await newWorkspace("edit-b"), await newWorkspace("edit-c")];
});
beforeEach(() => signAs(admin));

describe("updatePersonAction", () => {
  it("changes name, role and workspaces at once, with one audit event saying before and after (by name)", async () => {
    const target = await createAdministrator("viewer");
    expect(await edit(target, { authorizedWorkspaceIds: [ws[0]!.id], defaultWorkspaceId: ws[0]!.id })).toMatchObject({ ok: true });
    const result = await edit(target, { name: "Renamed Person", role: "member", defaultWorkspaceId: ws[1]!.id, authorizedWorkspaceIds: [ws[1]!.id, ws[2]!.id.toUpperCase()] });
    expect(result).toEqual({ ok: true, message: `${target.email} saved; they sign in again as member` });
    const [row] = await getDb().select().from(administrators).where(eq(administrators.id, target.id));
    expect(row).toMatchObject({ name: "Renamed Person", role: "member", defaultWorkspaceId: ws[1]!.id });
    expect(await personLinksOf(target.id)).toEqual([ws[1]!.id, ws[2]!.id].sort());
    const [latest] = await auditEventsFor(target.id);
    expect(latest).toMatchObject({ actorId: admin.id, action: "administrator.update", targetName: target.email, clientAddress: CLIENT_ADDRESS });
    expect(latest!.details).toEqual({
      name: { from: "Test viewer", to: "Renamed Person" },
      role: { from: "viewer", to: "member" },
      defaultWorkspace: { from: ws[0]!.name, to: ws[1]!.name },
      authorizedWorkspaces: { from: [ws[0]!.name], to: [ws[1]!.name, ws[2]!.name].sort() },
      sessionsEnded: 1,
      opikCredentialsEnded: 0,
    });
  });

  it("back to every workspace and no default: 'all' in the audit; the same values again change nothing and record nothing", async () => {
    const target = await createAdministrator("member");
    await edit(target, { authorizedWorkspaceIds: [ws[0]!.id], defaultWorkspaceId: ws[0]!.id });
    expect(await edit(target, { allWorkspaces: "true", authorizedWorkspaceIds: [], defaultWorkspaceId: "" })).toMatchObject({ ok: true });
    expect(await personLinksOf(target.id)).toEqual([]);
    expect((await auditEventsFor(target.id))[0]!.details).toMatchObject({ defaultWorkspace: { from: ws[0]!.name, to: null }, authorizedWorkspaces: { from: [ws[0]!.name], to: "all" } });
    expect(await expectNothingWritten(() => edit(target))).toEqual({ ok: true, message: `Nothing to change for ${target.email}` });
  });

  it("a role change ends every session of that person; a name change ends none", async () => {
    const target = await createAdministrator("viewer");
    expect(await liveSessions(target.id)).toBe(1);
    expect(await edit(target, { name: "Only The Name" })).toMatchObject({ ok: true });
    expect(await liveSessions(target.id)).toBe(1);
    expect(await edit(target, { role: "admin" })).toMatchObject({ ok: true });
    expect(await liveSessions(target.id)).toBe(0);
    const ended = await getDb().select({ reason: sessions.endedReason }).from(sessions).where(eq(sessions.administratorId, target.id));
    expect(ended.map((s) => s.reason)).toEqual(["role_change"]);
  });

  it("a change of the default or the authorized workspaces ends the person's live Opik-web-UI credentials; other changes do not", async () => {
    const target = await createAdministrator("member");
    const credential = await insertPersonCredential(target.id, ws[0]!.id);
    expect(await edit(target, { name: "Still Same Workspaces" })).toMatchObject({ ok: true });
    expect(await credentialState(credential)).toEqual({ endedAt: null, endedReason: null });
    expect(await edit(target, { defaultWorkspaceId: ws[0]!.id })).toMatchObject({ ok: true });
    expect(await credentialState(credential)).toMatchObject({ endedAt: expect.any(Date), endedReason: "workspace_change" });
    expect((await auditEventsFor(target.id))[0]!.details).toMatchObject({ opikCredentialsEnded: 1 });
    const second = await insertPersonCredential(target.id, ws[0]!.id);
    expect(await edit(target, { authorizedWorkspaceIds: [ws[0]!.id, ws[1]!.id] })).toMatchObject({ ok: true });
    expect(await credentialState(second)).toMatchObject({ endedReason: "workspace_change" });
  });

  it("your own role is refused (on the role field), your own name and workspaces are yours to change", async () => {
    const refused = await expectNothingWritten(() => edit(admin, { role: "viewer", name: "Not Saved" }));
    expect(refused).toMatchObject({ ok: false, message: OWN_ROLE_MESSAGE, fieldErrors: { role: [OWN_ROLE_MESSAGE] }, values: { name: "Not Saved", role: "viewer" } });
    expect(await edit(admin, { name: "Admin Renamed", authorizedWorkspaceIds: [ws[2]!.id] })).toMatchObject({ ok: true, message: `${admin.email} saved` });
    const [row] = await getDb().select().from(administrators).where(eq(administrators.id, admin.id));
    expect(row).toMatchObject({ name: "Admin Renamed", role: "admin" });
    expect(await liveSessions(admin.id)).toBeGreaterThan(0);
  });

  it("refuses a default outside the authorized ones and unknown workspaces, every problem at once, writing nothing", async () => {
    const target = await createAdministrator("member");
    const outside = await expectNothingWritten(() => edit(target, { defaultWorkspaceId: ws[0]!.id, authorizedWorkspaceIds: [ws[1]!.id] }));
    expect(outside).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { defaultWorkspaceId: [DEFAULT_NOT_AUTHORIZED_MESSAGE] } });
    const unknown = randomUUID();
    const missing = await expectNothingWritten(() => edit(target, { defaultWorkspaceId: unknown, authorizedWorkspaceIds: [unknown], name: "Kept" }));
    expect(missing).toMatchObject({
      ok: false,
      message: "Some fields need attention.",
      fieldErrors: { defaultWorkspaceId: [expect.stringContaining("no longer exists")], authorizedWorkspaceIds: [expect.stringContaining("no longer exists")] },
      values: { name: "Kept", defaultWorkspaceId: unknown, authorizedWorkspaceIds: [unknown] },
    });
  });

  it("an unknown or malformed id, a wrong role, a missing name: a clear answer each", async () => {
    expect(await updatePersonAction(null, form({ allWorkspaces: "true", id: randomUUID(), name: "X", role: "viewer" }))).toEqual({ ok: false, message: "This person no longer exists." });
    const bad = await updatePersonAction(null, form({ allWorkspaces: "true", id: "1 or 1=1", role: "superuser" }));
    expect(bad).toMatchObject({ ok: false, message: INVALID_MESSAGE });
    expect(Object.keys(bad.ok ? {} : (bad.fieldErrors ?? {})).sort()).toEqual(["id", "name", "role"]);
  });
});
