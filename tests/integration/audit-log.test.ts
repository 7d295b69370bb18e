// Audit log (issue 5, item 2): listAuditEvents filters by action, actor and target in SQL,
// paginates, lists newest first, and keeps the events of deleted targets and removed actors.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { listAuditEvents, type AuditFilter } from "@/db/queries/audit";
import { auditEvents } from "@/db/schema";
import { removePersonAction } from "@/lib/actions/people";
import { createApiKey, deleteApiKey } from "@/lib/actions/api-keys";
import { createServiceAccount, deleteServiceAccount } from "@/lib/actions/service-accounts";
import { createWorkspace } from "@/lib/actions/workspaces";
import { CLIENT_ADDRESS } from "../support/db-helpers";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";

const list = (filter: Partial<AuditFilter>) => listAuditEvents(getDb(), { action: "", actor: "", target: "", page: 1, size: 100, ...filter });
const ok = <T>(result: { ok: boolean; data?: T; message?: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result.data as T;
};

let alice: AdministratorDto;
let bob: AdministratorDto;
let gone: AdministratorDto;
let account: { id: string; name: string };
let workspace: { id: string; name: string };

// Alice: workspace.create, service_account.create, api_key.create, api_key.delete, service_account.delete
// (five events, in this order). Bob: one workspace.create. Gone: one workspace.create, then removed.
beforeAll(async () => {
  alice = await createAdministrator("admin", `${uniqueName("alice")}@example.test`);
  bob = await createAdministrator("admin", `${uniqueName("bob")}@example.test`);
  gone = await createAdministrator("admin", `${uniqueName("gone")}@example.test`);
  // The fixtures signed each of them in (auth.sign_in events); this suite counts the events below only.
  await getDb().delete(auditEvents).where(eq(auditEvents.action, "auth.sign_in"));
  signAs(alice);
  workspace = ok(await createWorkspace(null, form({ name: uniqueName("audited-ws") })));
  account = ok(await createServiceAccount(null, form({ allWorkspaces: "true", name: uniqueName("Audited-Svc") })));
  const key = ok<{ id: string }>(await createApiKey(null, form({ serviceAccountId: account.id, name: "audited key" })));
  ok(await deleteApiKey(null, form({ serviceAccountId: account.id, keyId: key.id })));
  ok(await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name })));
  signAs(bob);
  ok(await createWorkspace(null, form({ name: uniqueName("bobs-ws") })));
  signAs(gone);
  ok(await createWorkspace(null, form({ name: uniqueName("gone-ws") })));
  signAs(bob);
  ok(await removePersonAction(null, form({ id: gone.id })));
});

describe("listAuditEvents", () => {
  it("without filters: every event, newest first, with who, what, target and address", async () => {
    const [{ n }] = (await getDb().select({ n: count() }).from(auditEvents)) as [{ n: number }];
    const all = await list({ size: 1000 });
    expect(all.total).toBe(n);
    expect(all.rows).toHaveLength(n);
    const times = all.rows.map((r) => r.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.rows[0]).toMatchObject({ action: "administrator.remove", actorEmail: bob.email, targetName: gone.email, clientAddress: CLIENT_ADDRESS });
  });

  it("filters by action", async () => {
    const result = await list({ action: "service_account.delete" });
    const [{ n }] = (await getDb().select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "service_account.delete"))) as [{ n: number }];
    expect(result.total).toBe(n);
    expect(new Set(result.rows.map((r) => r.action))).toEqual(new Set(["service_account.delete"]));
    expect(result.rows.map((r) => r.targetId)).toContain(account.id);
  });

  it("filters by actor: the email contains the text, in any case", async () => {
    const local = alice.email.split("@")[0]!;
    const result = await list({ actor: local.slice(2).toUpperCase() });
    expect(result.rows.map((r) => r.action)).toEqual(["service_account.delete", "api_key.delete", "api_key.create", "service_account.create", "workspace.create"]);
    expect(new Set(result.rows.map((r) => r.actorEmail))).toEqual(new Set([alice.email]));
  });

  it("treats LIKE wildcards in a filter literally", async () => {
    expect((await list({ actor: "%" })).total).toBe(0);
    expect((await list({ actor: "_" })).total).toBe(0);
    expect((await list({ target: "%" })).total).toBe(0);
  });

  it("filters by target: the name contains the text (any case), or the exact id (any case)", async () => {
    const byName = await list({ target: account.name.slice(3).toLowerCase() });
    expect(byName.rows.map((r) => r.action)).toEqual(["service_account.delete", "service_account.create"]);
    const byId = await list({ target: account.id.toUpperCase() });
    expect(byId.rows.map((r) => r.action)).toEqual(["service_account.delete", "service_account.create"]);
    // A part of an id is not an id.
    expect((await list({ target: account.id.slice(0, 8) })).total).toBe(0);
    expect((await list({ target: workspace.name })).rows.map((r) => r.targetId)).toEqual([workspace.id]);
  });

  it("combines filters", async () => {
    const result = await list({ action: "workspace.create", actor: alice.email, target: workspace.name });
    expect(result.rows).toEqual([expect.objectContaining({ targetId: workspace.id, actorEmail: alice.email })]);
    expect((await list({ action: "workspace.delete", actor: alice.email })).total).toBe(0);
  });

  it("paginates in SQL with a total and a page count; a page past the end shows the last one", async () => {
    const everything = await list({ actor: alice.email });
    const pages = await Promise.all([1, 2, 3].map((page) => list({ actor: alice.email, size: 2, page })));
    expect(pages.map((p) => [p.total, p.pageCount, p.page, p.rows.length])).toEqual([[5, 3, 1, 2], [5, 3, 2, 2], [5, 3, 3, 1]]);
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(everything.rows.map((r) => r.id));
    const past = await list({ actor: alice.email, size: 2, page: 99 });
    expect([past.page, past.rows.map((r) => r.id)]).toEqual([3, pages[2]!.rows.map((r) => r.id)]);
    const none = await list({ actor: "nobody-at-all", size: 2, page: 5 });
    expect([none.total, none.pageCount, none.page, none.rows]).toEqual([0, 1, 1, []]);
  });

  it("keeps the events of a deleted service account and of a removed administrator", async () => {
    expect((await list({ target: account.id })).rows.map((r) => r.targetName)).toEqual([account.name, account.name]);
    const byGone = await list({ actor: gone.email });
    expect(byGone.rows).toEqual([expect.objectContaining({ action: "workspace.create", actorEmail: gone.email })]);
    expect((await list({ target: gone.email })).rows.map((r) => r.action)).toEqual(["administrator.remove"]);
  });

  it("selects the list's columns only (an explicit DTO; the details are shown on expansion)", async () => {
    const [row] = (await list({ action: "api_key.create", actor: alice.email })).rows;
    expect(Object.keys(row!).sort()).toEqual(["action", "actorEmail", "clientAddress", "details", "id", "occurredAt", "targetId", "targetName", "targetType"]);
    expect(row!.details).toMatchObject({ serviceAccountId: account.id, serviceAccountName: account.name });
  });
});
