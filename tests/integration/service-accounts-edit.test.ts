// Edit service account (issue 12 item 1): the create dialog's fields, validated the same way, one
// audit event with before and after; a stale or concurrent edit and a deleted account are refused
// cleanly; the keys check against the new values on their very next request.
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { auditEvents, serviceAccounts } from "@/db/schema";
import { INVALID_MESSAGE } from "@/lib/actions/define-action";
import { deleteServiceAccount, updateServiceAccount } from "@/lib/actions/service-accounts";
import { READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { ACCOUNT_GONE, CHANGED_MEANWHILE, nameTakenMessage } from "@/lib/domain/service-accounts";
import { SOME_WORKSPACE_GONE } from "@/lib/domain/workspace-choice";
import { CHECK_A_WORKSPACE_MESSAGE, DEFAULT_NOT_AUTHORIZED_MESSAGE } from "@/lib/validations/workspace-access";
import { verifyApiKey } from "@/lib/verify";
import { newAccount, newKey, newWorkspace } from "../support/api-key-fixtures";
import { auditEventsFor, CLIENT_ADDRESS, expectNothingWritten, linksOf } from "../support/db-helpers";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";
import { editableState, editPayload, type EditFields } from "../support/service-account-edits";

let admin: AdministratorDto;
let ws: { id: string; name: string }[];

const edit = async (id: string, changes: EditFields = {}) => updateServiceAccount(null, await editPayload(id, changes));
const updateEvents = async (id: string) =>
  (await getDb().select({ n: count() }).from(auditEvents).where(sql`${auditEvents.action} = 'service_account.update' and ${auditEvents.targetId} = ${id}`))[0]!.n;

beforeAll(async () => {
  admin = await createAdministrator("admin");
  signAs(admin);
  ws = [await newWorkspace("edit-a"), await newWorkspace("edit-b"), await newWorkspace("edit-c")];
});
beforeEach(() => signAs(admin));

describe("updateServiceAccount", () => {
  it("replaces every field at once, with one audit event saying before and after by name", async () => {
    const account = await newAccount({ description: "old", defaultWorkspaceId: ws[0]!.id, authorizedWorkspaceIds: [ws[0]!.id, ws[1]!.id] });
    const renamed = uniqueName("Renamed.Bot");
    const result = await edit(account.id, {
      name: ` ${renamed} `,
      description: "Deploys main",
      defaultWorkspaceId: ws[2]!.id,
      authorizedWorkspaceIds: [ws[1]!.id, ws[2]!.id.toUpperCase()],
    });
    expect(result).toEqual({ ok: true, message: `Service account "${renamed}" saved` });
    const [row] = await getDb().select().from(serviceAccounts).where(eq(serviceAccounts.id, account.id));
    expect(row).toMatchObject({ name: renamed, description: "Deploys main", defaultWorkspaceId: ws[2]!.id });
    expect(await linksOf(account.id)).toEqual([ws[1]!.id, ws[2]!.id].sort());
    const [latest, ...older] = await auditEventsFor(account.id);
    expect(older.map((e) => e.action)).toEqual(["service_account.create"]);
    expect(latest).toMatchObject({ actorId: admin.id, action: "service_account.update", targetName: renamed, clientAddress: CLIENT_ADDRESS });
    expect(latest!.details).toEqual({
      before: { name: account.name, description: "old", defaultWorkspace: ws[0]!.name, authorizedWorkspaces: [ws[0]!.name, ws[1]!.name].sort() },
      after: { name: renamed, description: "Deploys main", defaultWorkspace: ws[2]!.name, authorizedWorkspaces: [ws[1]!.name, ws[2]!.name].sort() },
    });
  });

  it("records only what changed; every workspace only when chosen, never by emptying the list", async () => {
    const account = await newAccount({ authorizedWorkspaceIds: [ws[0]!.id] });
    const emptied = await expectNothingWritten(() => edit(account.id, { allWorkspaces: "false", authorizedWorkspaceIds: [] }));
    expect(emptied).toMatchObject({ ok: false, fieldErrors: { authorizedWorkspaceIds: [CHECK_A_WORKSPACE_MESSAGE] } });
    expect(await linksOf(account.id)).toEqual([ws[0]!.id]);
    expect(await edit(account.id, { allWorkspaces: "true", authorizedWorkspaceIds: [] })).toMatchObject({ ok: true });
    expect(await linksOf(account.id)).toEqual([]);
    const [latest] = await auditEventsFor(account.id);
    expect(latest!.details).toEqual({ before: { authorizedWorkspaces: [ws[0]!.name] }, after: { authorizedWorkspaces: "all" } });
  });

  it("saving without a change writes nothing and says so", async () => {
    const account = await newAccount({ defaultWorkspaceId: ws[0]!.id });
    const result = await expectNothingWritten(() => edit(account.id));
    expect(result).toEqual({ ok: true, message: `Nothing to change for "${account.name}"` });
  });

  it("shows every field's problem at once, as create does, keeps what was typed and writes nothing", async () => {
    const account = await newAccount();
    const result = await expectNothingWritten(() =>
      edit(account.id, { name: "bad name", description: "ok\u202Eevil", defaultWorkspaceId: ws[0]!.id, authorizedWorkspaceIds: [ws[1]!.id] }),
    );
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, values: { name: "bad name", defaultWorkspaceId: ws[0]!.id } });
    if (result.ok) throw new Error("accepted");
    expect(result.fieldErrors).toEqual({
      name: ['Use only letters, digits, ".", "_" and "-"'],
      description: ["Remove control characters and direction marks"],
      defaultWorkspaceId: [DEFAULT_NOT_AUTHORIZED_MESSAGE],
    });
    expect(await editableState(account.id)).toMatchObject({ name: account.name, defaultWorkspaceId: null });
  });

  it("a name another account has, in any letter case, is refused on the name field; its own name in a new case is not", async () => {
    const other = await newAccount();
    const account = await newAccount();
    const result = await expectNothingWritten(() => edit(account.id, { name: other.name.toUpperCase() }));
    expect(result).toEqual({
      ok: false,
      // The message quotes the account that holds the name, as it is stored.
      message: nameTakenMessage(other.name, other.name.toUpperCase()),
      fieldErrors: { name: [nameTakenMessage(other.name, other.name.toUpperCase())] },
      values: expect.objectContaining({ name: other.name.toUpperCase() }),
    });
    expect(await edit(account.id, { name: account.name.toUpperCase() })).toMatchObject({ ok: true });
  });

  it("a workspace that no longer exists is refused on its field", async () => {
    const gone = await newWorkspace("gone");
    const account = await newAccount();
    const payload = await editPayload(account.id, { authorizedWorkspaceIds: [gone.id, ws[0]!.id] });
    await getDb().execute(sql`delete from workspaces where id = ${gone.id}`);
    const result = await expectNothingWritten(() => updateServiceAccount(null, payload));
    expect(result).toMatchObject({ ok: false, fieldErrors: { authorizedWorkspaceIds: [SOME_WORKSPACE_GONE] } });
  });

  it("is refused for a viewer, and for a form without its revision", async () => {
    const account = await newAccount();
    signAs(await createAdministrator("viewer"));
    expect(await expectNothingWritten(() => edit(account.id, { name: uniqueName("viewer-edit") }))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
    signAs(admin);
    const result = await expectNothingWritten(() => edit(account.id, { revision: "" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { revision: ["Reload the page and try again"] } });
  });
});

describe("stale and concurrent edits", () => {
  it("a form opened before someone else's save is refused, and the other save stays", async () => {
    const account = await newAccount();
    const stale = await editPayload(account.id, { description: "mine" });
    const theirs = uniqueName("theirs");
    expect(await edit(account.id, { name: theirs })).toMatchObject({ ok: true });
    const result = await expectNothingWritten(() => updateServiceAccount(null, stale));
    expect(result).toMatchObject({ ok: false, message: CHANGED_MEANWHILE, values: { description: "mine" } });
    expect(await editableState(account.id)).toMatchObject({ name: theirs, description: null });
  });

  it("a deleted account is refused with a clear message, nothing written", async () => {
    const account = await newAccount();
    const payload = await editPayload(account.id, { name: uniqueName("late") });
    expect(await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }))).toMatchObject({ ok: true });
    expect(await expectNothingWritten(() => updateServiceAccount(null, payload))).toEqual({ ok: false, message: ACCOUNT_GONE });
  });

  it("two edits of one revision at once: one is saved, the other is refused as changed meanwhile", async () => {
    const account = await newAccount();
    const [a, b] = [await editPayload(account.id, { authorizedWorkspaceIds: [ws[0]!.id] }), await editPayload(account.id, { authorizedWorkspaceIds: [ws[1]!.id] })];
    const results = await Promise.all([updateServiceAccount(null, a), updateServiceAccount(null, b)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ ok: false, message: CHANGED_MEANWHILE })]);
    const winner = results[0]!.ok ? ws[0]! : ws[1]!;
    expect(await linksOf(account.id)).toEqual([winner.id]);
    expect(await updateEvents(account.id)).toBe(1);
  });

  it("two accounts renamed to one name at once: one gets it, the other a name error", async () => {
    const [x, y] = [await newAccount(), await newAccount()];
    const name = uniqueName("same-name");
    const results = await Promise.all([edit(x.id, { name }), edit(y.id, { name: name.toUpperCase() })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { name: [expect.stringMatching(/already exists( \(names are unique whatever their letter case\))?$/)] } });
  });
});

describe("the next check", () => {
  it("follows the new workspaces, default workspace and name at once", async () => {
    const account = await newAccount({ defaultWorkspaceId: ws[0]!.id, authorizedWorkspaceIds: [ws[0]!.id] });
    const { key } = await newKey(account.id, "ci");
    expect(await verifyApiKey(key, ws[0]!.name)).toMatchObject({ valid: true, workspace: { id: ws[0]!.id } });
    expect(await verifyApiKey(key, ws[1]!.name)).toMatchObject({ valid: false, code: "workspace_not_authorized" });

    const renamed = uniqueName("moved");
    expect(await edit(account.id, { name: renamed, defaultWorkspaceId: ws[1]!.id, authorizedWorkspaceIds: [ws[1]!.id] })).toMatchObject({ ok: true });
    expect(await verifyApiKey(key, ws[0]!.name)).toMatchObject({ valid: false, code: "workspace_not_authorized" });
    expect(await verifyApiKey(key, ws[1]!.name)).toMatchObject({ valid: true, serviceAccount: { name: renamed } });
    expect(await verifyApiKey(key, "default")).toMatchObject({ valid: true, workspace: { id: ws[1]!.id, name: ws[1]!.name } });

    // Every workspace again; no default: "default" is refused with its own code.
    expect(await edit(account.id, { defaultWorkspaceId: "", allWorkspaces: "true", authorizedWorkspaceIds: [] })).toMatchObject({ ok: true });
    expect(await verifyApiKey(key, ws[2]!.name)).toMatchObject({ valid: true });
    expect(await verifyApiKey(key, "default")).toMatchObject({ valid: false, code: "no_default_workspace" });
  });
});
