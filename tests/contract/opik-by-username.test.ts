// The Opik backend's routes that name a person by the header X-Opik-OAuth-Username (MCP OAuth;
// OPIK-AUTH-CONTRACT.md §8 F, §18.3) over real HTTP against `npm start`: answered only for the
// addresses in OPIK_BACKEND_ADDRESSES, 404 ("not exposed") for everyone else and while unset.
// The server trusts 127.0.0.1 as a proxy (TRUST_PROXY), so X-Forwarded-For plays the caller's address.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { administrators } from "@/db/schema";
import { OPIK_PERMISSIONS } from "@/lib/scopes";
import { seedPerson } from "../support/access-http";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, expectOpikError, jsonOf, postJson } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";

const BACKEND = "10.0.0.7";
const STRANGER = "10.0.0.8";
type People = Fixtures & { member: string; viewer: string; disabled: string };
let server: ContractServer<People>;

beforeAll(async () => {
  server = await startContractServer(
    async (db) => {
      const f = await seedContractFixtures(db);
      const { teamA, teamB } = f.ws;
      const member = await seedPerson(db, { email: "mia@example.test", role: "member", defaultWs: teamB.id, authorized: [teamA.id, teamB.id] });
      const viewer = await seedPerson(db, { email: "vic@example.test", role: "viewer", defaultWs: teamA.id, authorized: [] });
      const disabled = await seedPerson(db, { email: "dan@example.test", role: "member", defaultWs: teamA.id, authorized: [] });
      await db.update(administrators).set({ disabledAt: new Date() }).where(eq(administrators.id, disabled.id));
      const masked = await seedPerson(db, { email: "max@example.test", role: "member", defaultWs: teamA.id, authorized: [] });
      await db.update(administrators).set({ seeUnmasked: false }).where(eq(administrators.id, masked.id));
      return { ...f, member: member.email, viewer: viewer.email, disabled: disabled.email };
    },
    { env: { TRUST_PROXY: "127.0.0.1", OPIK_BACKEND_ADDRESSES: `${BACKEND}, 10.9.0.0/16` } },
  );
});
afterAll(async () => {
  await server?.dispose();
});

const from = (address: string | null, user: string | null) => ({
  ...(address ? { "x-forwarded-for": address } : {}),
  ...(user !== null ? { "x-opik-oauth-username": user } : {}),
});
const authBy = (user: string | null, body: Record<string, unknown>, address: string | null = BACKEND) =>
  postJson(server.baseUrl, "/opik/auth-by-username", body, from(address, user));
const permissionsBy = (user: string | null, body: Record<string, unknown>, address: string | null = BACKEND) =>
  postJson(server.baseUrl, "/opik/workspace-permissions-by-username", body, from(address, user));
const granted = (body: Record<string, unknown>) =>
  new Set((body.permissions as { permissionName: string; permissionValue: string }[]).filter((p) => p.permissionValue === "true").map((p) => p.permissionName));

describe("from an address in OPIK_BACKEND_ADDRESSES", () => {
  it("auth-by-username answers as /opik/auth does for the person in the workspace asked for", async () => {
    const res = await authBy(server.fixtures.member, { workspaceName: "team-a", path: "/v1/private/projects", requiredPermissions: ["project_data_view"] });
    expect(res.status, brief(res)).toBe(200);
    expect(jsonOf(res)).toMatchObject({ user: "mia@example.test", workspaceId: server.fixtures.ws.teamA.id, workspaceName: "team-a", quotas: [] });
  });

  it("default is the person's default workspace; the email matches in any letter case; a CIDR entry matches", async () => {
    const res = await authBy("MIA@Example.test", { workspaceName: "default" }, "10.9.1.2");
    expect(res.status, brief(res)).toBe(200);
    expect(jsonOf(res)).toMatchObject({ user: "mia@example.test", workspaceName: "team-b" });
  });

  it("a permission outside the role's scope is refused with 401 naming it (a viewer deleting)", async () => {
    const res = await authBy(server.fixtures.viewer, { workspaceName: "team-a", requiredPermissions: ["trace_delete"] });
    expectOpikError(res, 401, /vic@example\.test has the scope Read only, which does not allow "trace_delete"/);
  });

  it("workspace-permissions-by-username lists every permission, true or false, as the role grants", async () => {
    const member = jsonOf(await permissionsBy(server.fixtures.member, { workspaceName: "team-a" }));
    expect(member).toMatchObject({ userName: "mia@example.test", workspaceName: "team-a" });
    expect((member.permissions as { permissionName: string }[]).map((p) => p.permissionName)).toEqual([...OPIK_PERMISSIONS]);
    expect(granted(member)).toEqual(new Set(OPIK_PERMISSIONS));
    const viewer = jsonOf(await permissionsBy(server.fixtures.viewer, { workspaceName: "other-ws" }));
    expect(granted(viewer).has("project_data_view")).toBe(true);
    expect(granted(viewer).has("trace_delete")).toBe(false);
  });

  it("original_data_view: granted by the role, withheld from a person with See unmasked data off (Opik then masks)", async () => {
    expect(granted(jsonOf(await permissionsBy(server.fixtures.member, { workspaceName: "team-a" }))).has("original_data_view")).toBe(true);
    expect(granted(jsonOf(await permissionsBy(server.fixtures.viewer, { workspaceName: "team-a" }))).has("original_data_view")).toBe(true);
    const masked = granted(jsonOf(await permissionsBy("max@example.test", { workspaceName: "team-a" })));
    expect(masked.has("original_data_view")).toBe(false);
    expect(masked.has("trace_delete")).toBe(true);
  });

  it.each([
    ["an unknown email", "nobody@example.test", "team-a", /No person "nobody@example\.test"/],
    ["a disabled person", "dan@example.test", "team-a", /dan@example\.test is disabled/],
    ["a workspace outside theirs", "mia@example.test", "other-ws", /not authorized for workspace "other-ws"/],
    ["a workspace that does not exist", "mia@example.test", "no-such-ws", /not authorized for workspace "no-such-ws"/],
  ])("%s: 401 with a message, on both routes", async (_label, user, workspaceName, msg) => {
    expectOpikError(await authBy(user, { workspaceName }), 401, msg);
    expectOpikError(await permissionsBy(user, { workspaceName }), 401, msg);
  });

  it("bad requests get 400 with a message: no header, no workspace, bad requiredPermissions", async () => {
    expectOpikError(await authBy(null, { workspaceName: "team-a" }), 400, /X-Opik-OAuth-Username/);
    expectOpikError(await permissionsBy("", { workspaceName: "team-a" }), 400, /X-Opik-OAuth-Username/);
    expectOpikError(await authBy(server.fixtures.member, {}), 400, /Workspace name should be provided/);
    expectOpikError(await authBy(server.fixtures.member, { workspaceName: "team-a", requiredPermissions: "all" }), 400, /requiredPermissions/);
  });
});

describe("from any other address: 404, as for a path that does not exist", () => {
  it.each([
    ["another address behind the trusted proxy", STRANGER],
    ["the proxy itself (no X-Forwarded-For)", null],
  ])("%s", async (_label, address) => {
    expectOpikError(await authBy(server.fixtures.member, { workspaceName: "team-a" }, address), 404, /^Not found$/);
    expectOpikError(await permissionsBy(server.fixtures.member, { workspaceName: "team-a" }, address), 404, /^Not found$/);
  });

  it("an address the caller writes itself is not believed past the trusted proxy's own entry", async () => {
    const res = await authBy(server.fixtures.member, { workspaceName: "team-a" }, `${BACKEND}, ${STRANGER}`);
    expectOpikError(res, 404, /^Not found$/);
  });
});

describe("workspace-permissions-session: no Opik session cookies here", () => {
  it("answers 401 with a message, like auth-session, never a 5xx", async () => {
    const res = await postJson(server.baseUrl, "/opik/workspace-permissions-session", { workspaceName: "team-a" }, { cookie: "sessionToken=abc" });
    expectOpikError(res, 401, /no Opik session cookies/);
  });
});

describe("OPIK_BACKEND_ADDRESSES unset", () => {
  let unset: ContractServer<null>;
  beforeAll(async () => {
    unset = await startContractServer(async (db) => {
      const f = await seedContractFixtures(db);
      await seedPerson(db, { email: "mia@example.test", role: "member", defaultWs: f.ws.teamA.id, authorized: [] });
      return null;
    }, { env: { TRUST_PROXY: "127.0.0.1" } });
  });
  afterAll(async () => {
    await unset?.dispose();
  });

  it("both routes answer 404 to every address, the backend's included", async () => {
    for (const path of ["/opik/auth-by-username", "/opik/workspace-permissions-by-username"]) {
      for (const address of [BACKEND, null]) {
        expectOpikError(await postJson(unset.baseUrl, path, { workspaceName: "team-a" }, from(address, "mia@example.test")), 404, /^Not found$/);
      }
    }
  });
});
