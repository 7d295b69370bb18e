// Issue 27 items 5 and 6 on the management API and the dashboard's actions, on both drivers: any
// page size from 1 to 100; the API reference's version is package.json's; a workspace's users as
// Delete workspace's dialog asks for them before offering to delete.
import { beforeAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json";
import { API_VERSION, MANAGEMENT_ROUTES } from "@/lib/api";
import { openApiDocument } from "@/lib/api/openapi";
import { serviceAccountListQuery } from "@/lib/api/routes/service-accounts";
import { addPersonAction } from "@/lib/actions/people";
import { deleteWorkspace, workspaceUsageAction } from "@/lib/actions/workspaces";
import { newAccount, newWorkspace } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";

const listRoute = MANAGEMENT_ROUTES.find((r) => r.method === "GET" && r.path === "/api/v1/service-accounts")!;
const ctx = { actor: { kind: "token" }, clientAddress: null } as never;

async function listPage(query: Record<string, string>) {
  const parsed = serviceAccountListQuery.safeParse(query);
  if (!parsed.success) return { refused: parsed.error.issues.map((i) => i.message) };
  const answer = await listRoute.handle({ params: {}, query: parsed.data, body: undefined, ctx });
  return (answer as { body: unknown }).body as { items: { name: string }[]; total: number; pageCount: number };
}

beforeAll(async () => {
  signAs(await createAdministrator("admin"));
  for (let i = 0; i < 12; i++) await newAccount({ name: `paged-${String(i).padStart(2, "0")}` });
});

describe("page sizes on the management API", () => {
  it.each([1, 7, 13, 99, 100])("size=%i gives pages of that many", async (size) => {
    const page = (await listPage({ size: String(size), sort: "name", dir: "asc" })) as { items: { name: string }[]; total: number; pageCount: number };
    expect(page.items).toHaveLength(Math.min(size, page.total));
    expect(page.pageCount).toBe(Math.max(1, Math.ceil(page.total / size)));
  });

  it("pages of 5 walk the list without gaps", async () => {
    const seen: string[] = [];
    for (let p = 1; p <= 3; p++) seen.push(...((await listPage({ q: "paged-", size: "5", page: String(p), sort: "name", dir: "asc" })) as { items: { name: string }[] }).items.map((i) => i.name));
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `paged-${String(i).padStart(2, "0")}`));
  });

  it.each(["0", "101", "1000", "2.5", "-3", "ten"])("size=%s is refused with the range", async (size) => {
    expect(await listPage({ size })).toEqual({ refused: ["size is a whole number from 1 to 100"] });
  });
});

describe("the API reference", () => {
  it("is versioned as the package", () => {
    expect(API_VERSION).toBe(packageJson.version);
    expect((openApiDocument(MANAGEMENT_ROUTES, API_VERSION).info as { version: string }).version).toBe(packageJson.version);
  });
});

describe("who uses a workspace (Delete workspace's first question)", () => {
  it("names the accounts and people that use it; an unused one is free, and deleted", async () => {
    const used = await newWorkspace("used");
    const account = await newAccount({ name: uniqueName("user-of-ws"), defaultWorkspaceId: used.id });
    const email = `${uniqueName("ws-person")}@example.test`;
    const added = await addPersonAction(null, form({ email, name: "WS Person", role: "member", password: "a long enough password", allWorkspaces: "true", defaultWorkspaceId: used.id }));
    expect(added.ok, added.ok ? "" : added.message).toBe(true);
    expect(await workspaceUsageAction(null, form({ id: used.id }))).toEqual({ ok: true, data: { name: used.name, usage: { accounts: [account.name], people: [email], groups: [] } } });

    const free = await newWorkspace("free");
    expect(await workspaceUsageAction(null, form({ id: free.id }))).toEqual({ ok: true, data: { name: free.name, usage: { accounts: [], people: [], groups: [] } } });
    expect(await deleteWorkspace(null, form({ id: free.id }))).toMatchObject({ ok: true });
    expect(await workspaceUsageAction(null, form({ id: free.id }))).toEqual({ ok: false, message: "This workspace no longer exists." });
  });

  it("is refused to viewers", async () => {
    const ws = await newWorkspace("viewed");
    signAs(await createAdministrator("viewer"));
    expect(await workspaceUsageAction(null, form({ id: ws.id }))).toMatchObject({ ok: false });
  });
});
