// Issue 27 item 1 over the management API, answered in-process on node:http against the test
// database: every workspace only when chosen (allWorkspaces: true); an empty list alone is refused.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { serviceAccounts } from "@/db/schema";
import { answerManagementApi } from "@/lib/api";
import { send } from "@/lib/http/reply";
import { httpRequest } from "@/lib/http/router";
import { ALL_AND_LIST_MESSAGE, CHOOSE_ALL_EXPLICITLY_MESSAGE } from "@/lib/validations/workspace-access";
import { verifyApiKey } from "@/lib/verify";
import { newKey, newWorkspace } from "../support/api-key-fixtures";
import { brief, jsonOf, type Reply } from "../support/contract-http";
import { expectNothingWritten, linksOf, personLinksOf } from "../support/db-helpers";
import { createAdministrator, signAs, uniqueName } from "../support/fixtures";
import { api, problemOf, seedTokens, type Tokens } from "../support/management-api";

let server: Server;
let baseUrl: string;
let tokens: Tokens;
let wsA: { id: string; name: string };
let wsB: { id: string; name: string };

beforeAll(async () => {
  tokens = await seedTokens(getDb());
  signAs(await createAdministrator("admin"));
  [wsA, wsB] = [await newWorkspace("access-a"), await newWorkspace("access-b")];
  server = createServer((req, res) => {
    void answerManagementApi(httpRequest(req, () => "127.0.0.1")).then((reply) => send(res, reply));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (method: string, path: string, body?: unknown) => api(baseUrl, method, path, { token: tokens.write, body });
const created = (res: Reply) => {
  expect(res.status, brief(res)).toBe(201);
  return jsonOf(res) as { id: string; allWorkspaces: boolean; authorizedWorkspaces: { id: string }[] };
};
function expectRefusedList(res: Reply, message: string) {
  expect(res.status, brief(res)).toBe(422);
  expect(problemOf(res).errors).toEqual({ authorizedWorkspaceIds: [message] });
}

describe("service accounts over the management API", () => {
  it("Create refuses no choice and an empty list alone, saying to choose every workspace explicitly", async () => {
    for (const body of [{ name: uniqueName("none") }, { name: uniqueName("empty"), authorizedWorkspaceIds: [] }, { name: uniqueName("false"), allWorkspaces: false }]) {
      const res = await expectNothingWritten(() => call("POST", "/api/v1/service-accounts", body));
      expect(res.status, brief(res)).toBe(422);
      expect(problemOf(res).errors?.authorizedWorkspaceIds).toHaveLength(1);
    }
    expectRefusedList(await call("POST", "/api/v1/service-accounts", { name: uniqueName("empty"), authorizedWorkspaceIds: [] }), CHOOSE_ALL_EXPLICITLY_MESSAGE);
  });

  it("Create refuses every workspace and a list at once", async () => {
    const res = await expectNothingWritten(() => call("POST", "/api/v1/service-accounts", { name: uniqueName("both"), allWorkspaces: true, authorizedWorkspaceIds: [wsA.id] }));
    expectRefusedList(res, ALL_AND_LIST_MESSAGE);
  });

  it("Create takes allWorkspaces: true or a list, and says which it stored", async () => {
    const all = created(await call("POST", "/api/v1/service-accounts", { name: uniqueName("all"), allWorkspaces: true }));
    expect(all).toMatchObject({ allWorkspaces: true, authorizedWorkspaces: [] });
    const only = created(await call("POST", "/api/v1/service-accounts", { name: uniqueName("only"), authorizedWorkspaceIds: [wsA.id] }));
    expect(only).toMatchObject({ allWorkspaces: false, authorizedWorkspaces: [{ id: wsA.id }] });
  });

  it("Edit never widens by an empty list: refused, nothing written, the key still refused elsewhere", async () => {
    const account = created(await call("POST", "/api/v1/service-accounts", { name: uniqueName("narrow"), authorizedWorkspaceIds: [wsA.id] }));
    const { key } = await newKey(account.id);
    expect(await verifyApiKey(key, wsB.name)).toMatchObject({ valid: false });
    const res = await expectNothingWritten(() => call("PATCH", `/api/v1/service-accounts/${account.id}`, { authorizedWorkspaceIds: [] }));
    expectRefusedList(res, CHOOSE_ALL_EXPLICITLY_MESSAGE);
    expect(await linksOf(account.id)).toEqual([wsA.id]);
    expect(await verifyApiKey(key, wsB.name)).toMatchObject({ valid: false });

    // Fields other than the workspaces keep them; allWorkspaces: true widens, on purpose.
    const renamed = await call("PATCH", `/api/v1/service-accounts/${account.id}`, { description: "kept to A" });
    expect(jsonOf(renamed)).toMatchObject({ allWorkspaces: false, authorizedWorkspaces: [{ id: wsA.id }] });
    const widened = await call("PATCH", `/api/v1/service-accounts/${account.id}`, { allWorkspaces: true });
    expect(widened.status, widened.text).toBe(200);
    expect(jsonOf(widened)).toMatchObject({ allWorkspaces: true, authorizedWorkspaces: [] });
    expect(await verifyApiKey(key, wsB.name)).toMatchObject({ valid: true });
  });

  it("an account stored before this rule with no workspaces still means every workspace, and edits keep it so", async () => {
    const [row] = await getDb().insert(serviceAccounts).values({ name: uniqueName("legacy") }).returning({ id: serviceAccounts.id });
    expect(jsonOf(await call("GET", `/api/v1/service-accounts/${row!.id}`))).toMatchObject({ allWorkspaces: true, authorizedWorkspaces: [] });
    const edited = await call("PATCH", `/api/v1/service-accounts/${row!.id}`, { description: "still everywhere" });
    expect(edited.status, brief(edited)).toBe(200);
    expect(jsonOf(edited)).toMatchObject({ allWorkspaces: true, description: "still everywhere" });
  });
});

describe("people over the management API", () => {
  const person = (extra: Record<string, unknown>) => ({ email: `${uniqueName("p")}@example.test`, name: "Api Person", role: "member", password: "a long enough password 1", ...extra });

  it("Add person refuses an empty list alone and takes an explicit choice", async () => {
    expectRefusedList(await expectNothingWritten(() => call("POST", "/api/v1/people", person({ authorizedWorkspaceIds: [] }))), CHOOSE_ALL_EXPLICITLY_MESSAGE);
    expect(created(await call("POST", "/api/v1/people", person({ allWorkspaces: true })))).toMatchObject({ allWorkspaces: true });
  });

  it("Edit person refuses an empty list alone; a role change keeps the workspaces", async () => {
    const added = created(await call("POST", "/api/v1/people", person({ authorizedWorkspaceIds: [wsA.id] })));
    expectRefusedList(await expectNothingWritten(() => call("PATCH", `/api/v1/people/${added.id}`, { authorizedWorkspaceIds: [] })), CHOOSE_ALL_EXPLICITLY_MESSAGE);
    expect(await personLinksOf(added.id)).toEqual([wsA.id]);
    expect(jsonOf(await call("PATCH", `/api/v1/people/${added.id}`, { role: "viewer" }))).toMatchObject({ role: "viewer", allWorkspaces: false });
    expect(jsonOf(await call("PATCH", `/api/v1/people/${added.id}`, { allWorkspaces: true }))).toMatchObject({ allWorkspaces: true, authorizedWorkspaces: [] });
  });
});

it("the OpenAPI document describes the explicit choice on Create and Edit", async () => {
  const doc = jsonOf(await api(baseUrl, "GET", "/api/v1/openapi.json")) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, { description?: string }> } }> } }>> };
  for (const [path, method] of [["/api/v1/service-accounts", "post"], ["/api/v1/service-accounts/{id}", "patch"], ["/api/v1/people", "post"], ["/api/v1/people/{id}", "patch"]] as const) {
    const properties = doc.paths[path]![method]!.requestBody!.content["application/json"]!.schema.properties;
    expect(properties.allWorkspaces?.description, `${method} ${path}`).toMatch(/every workspace/);
    expect(properties.authorizedWorkspaceIds?.description, `${method} ${path}`).toMatch(/empty list alone is refused/);
  }
});
