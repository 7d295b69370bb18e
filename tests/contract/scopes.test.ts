// Scoped keys over real HTTP against `npm start` (issue 13): the permissions Opik's backend sends
// for real requests (its @RequiredPermissions annotations at upstream f5bca84e, docs/opik-permissions.md)
// replayed against a key of each preset; workspace-permissions' real grants; the native endpoint's
// `permissions`; bad input. Refusals are 401 so that the SDK user reads the message (README "Scoped keys").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertKey, seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, jsonOf, postJson } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";

type Keys = Fixtures & { scoped: Record<"full" | "ingest" | "read" | "custom", string> };
let server: ContractServer<Keys>;
let k: Keys["scoped"];

beforeAll(async () => {
  server = await startContractServer(async (db) => {
    const f = await seedContractFixtures(db);
    const id = f.accounts.restricted.id;
    const key = async (scope: "full" | "ingest" | "read" | "custom", permissions: string[] | null = null) => (await insertKey(db, id, `scoped-${scope}`, { scope, permissions })).key;
    return { ...f, scoped: { full: await key("full"), ingest: await key("ingest"), read: await key("read"), custom: await key("custom", ["trace_delete", "project_data_view"]) } };
  });
  k = server.fixtures.scoped;
});
afterAll(async () => {
  await server?.dispose();
});

const auth = (key: string, body: Record<string, unknown>) => postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a", ...body }, { authorization: key });

// What Opik's backend sends for each request (path without /api, the annotation's values).
const REPLAY: [string, string, string[] | undefined, { full: boolean; ingest: boolean; read: boolean; custom: boolean }][] = [
  ["a trace batch", "/v1/private/traces/batch", ["trace_span_thread_log"], { full: true, ingest: true, read: false, custom: false }],
  ["a span batch", "/v1/private/spans/batch", ["trace_span_thread_log"], { full: true, ingest: true, read: false, custom: false }],
  ["a feedback score", "/v1/private/traces/feedback-scores", ["trace_span_thread_annotate"], { full: true, ingest: true, read: false, custom: false }],
  ["a project list", "/v1/private/projects", ["project_data_view"], { full: true, ingest: true, read: true, custom: true }],
  ["a dataset delete", "/v1/private/datasets/delete", ["dataset_delete"], { full: true, ingest: false, read: false, custom: false }],
  ["a trace delete", "/v1/private/traces/delete", ["trace_delete"], { full: true, ingest: false, read: false, custom: true }],
  ["an unannotated endpoint (no requiredPermissions)", "/v1/private/auth", undefined, { full: true, ingest: true, read: true, custom: true }],
  ["a permission this service does not know (a newer Opik)", "/v1/private/something-new", ["permission_of_a_newer_opik"], { full: true, ingest: false, read: false, custom: false }],
];

describe("POST /opik/auth replaying Opik's requiredPermissions", () => {
  for (const [what, path, requiredPermissions, decisions] of REPLAY) {
    for (const scope of ["full", "ingest", "read", "custom"] as const) {
      it(`${what}: ${scope} → ${decisions[scope] ? "200" : "401 naming the permission and the scope"}`, async () => {
        const res = await auth(k[scope], requiredPermissions ? { path, requiredPermissions } : { path });
        if (decisions[scope]) {
          expect(res.status, brief(res)).toBe(200);
          expect(jsonOf(res)).toMatchObject({ workspaceName: "team-a" });
        } else {
          expect(res.status, brief(res)).toBe(401);
          expect(String(jsonOf(res).msg)).toContain(`"${requiredPermissions![0]}"`);
          expect(String(jsonOf(res).msg)).toMatch(/scope (Ingest only|Read only|Custom)/);
        }
      });
    }
  }

  it("duplicates collapse; bad lists are a clear 400 (or 413 for a body past the limit), never a 5xx", async () => {
    expect((await auth(k.read, { requiredPermissions: ["project_data_view", "project_data_view"] })).status).toBe(200);
    for (const requiredPermissions of ["project_data_view", [1, 2], [null], { a: 1 }, Array.from({ length: 150 }, (_, i) => `p_${i}`), ["DROP TABLE"], [""]]) {
      const res = await auth(k.full, { requiredPermissions });
      expect(res.status, `${JSON.stringify(requiredPermissions).slice(0, 40)}: ${brief(res)}`).toBe(400);
      expect(String(jsonOf(res).msg)).toMatch(/requiredPermissions/);
    }
    const huge = await auth(k.full, { requiredPermissions: Array.from({ length: 10_000 }, (_, i) => `permission_${i}`) });
    expect([400, 413]).toContain(huge.status);
  });
});

describe("POST /opik/workspace-permissions answers the real grants", () => {
  it.each([
    ["full", { trace_span_thread_log: "true", dataset_delete: "true", project_data_view: "true" }],
    ["ingest", { trace_span_thread_log: "true", dataset_delete: "false", project_data_view: "true" }],
    ["read", { trace_span_thread_log: "false", dataset_delete: "false", project_data_view: "true" }],
    ["custom", { trace_delete: "true", trace_span_thread_log: "false", project_data_view: "true" }],
  ] as const)("%s", async (scope, expected) => {
    const res = await postJson(server.baseUrl, "/opik/workspace-permissions", { workspaceName: "team-a" }, { authorization: k[scope] });
    expect(res.status, brief(res)).toBe(200);
    const list = jsonOf(res).permissions as { permissionName: string; permissionValue: string }[];
    expect(list).toHaveLength(33);
    const values = Object.fromEntries(list.map((p) => [p.permissionName, p.permissionValue]));
    expect(values).toMatchObject(expected);
    expect(new Set(Object.values(values))).toEqual(new Set(scope === "full" ? ["true"] : ["true", "false"]));
  });
});

describe("POST /api/v1/keys/verify with permissions", () => {
  const verify = (body: unknown) => postJson(server.baseUrl, "/api/v1/keys/verify", body);
  it("reports the scope, and refuses a missing permission with 403 permission_denied", async () => {
    const ok = await verify({ key: k.read, permissions: ["dataset_view"] });
    expect(ok.status, brief(ok)).toBe(200);
    expect(jsonOf(ok)).toMatchObject({ valid: true, scope: { name: "read", permissions: expect.arrayContaining(["dataset_view"]) } });
    const refused = await verify({ key: k.read, permissions: ["trace_delete"] });
    expect(refused.status).toBe(403);
    expect(jsonOf(refused)).toMatchObject({ valid: false, code: "permission_denied", scope: { name: "read" } });
    expect((await verify({ key: k.read, permissions: "trace_delete" })).status).toBe(400);
  });
});
