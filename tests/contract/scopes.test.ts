// Scoped keys over real HTTP against `npm start` (issue 13): the permissions Opik's backend sends
// for real requests (its @RequiredPermissions annotations at upstream f5bca84e, docs/opik-permissions.md)
// replayed against a key of each preset; workspace-permissions' real grants; the native endpoint's
// `permissions`; bad input. Refusals are 401 so that the SDK user reads the message (README "Scoped keys").
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { administrators, sessions } from "@/db/schema";
import { personCredentials } from "@/db/schema-access";
import { newPersonCredential, sha256Hex } from "@/lib/access/credential";
import { seedPerson } from "../support/access-http";
import { insertKey, seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, jsonOf, postJson } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";

type Keys = Fixtures & { scoped: Record<"full" | "ingest" | "read" | "masked" | "custom" | "customAlias", string>; people: { masked: string; unmasked: string } };
let server: ContractServer<Keys>;
let k: Keys["scoped"] & { people: Keys["people"] };

beforeAll(async () => {
  server = await startContractServer(async (db) => {
    const f = await seedContractFixtures(db);
    const id = f.accounts.restricted.id;
    const key = async (scope: "full" | "ingest" | "read" | "masked" | "custom", permissions: string[] | null = null) => (await insertKey(db, id, `scoped-${scope}`, { scope, permissions })).key;
    // A person credential of a member with See unmasked data off, and one with it on (issue 26 item 1).
    const credentialOf = async (email: string, seeUnmasked: boolean) => {
      const person = await seedPerson(db, { email, role: "member", defaultWs: f.ws.teamA.id, authorized: [] });
      await db.update(administrators).set({ seeUnmasked }).where(eq(administrators.id, person.id));
      const sessionId = randomBytes(32).toString("hex");
      await db.insert(sessions).values({ id: sessionId, administratorId: person.id, expiresAt: new Date(Date.now() + 3_600_000) });
      const credential = newPersonCredential();
      await db.insert(personCredentials).values({ id: sha256Hex(credential), sessionId, personId: person.id, workspaceId: f.ws.teamA.id });
      return credential;
    };
    return {
      ...f,
      scoped: {
        full: await key("full"),
        ingest: await key("ingest"),
        read: await key("read"),
        masked: await key("masked"),
        custom: await key("custom", ["trace_delete", "project_data_view"]),
        // Stored as a client wrote it before this service knew the alias: read as original_data_view.
        customAlias: await key("custom", ["project_data_view", "trace_original_data_view"]),
      },
      people: { masked: await credentialOf("masked@example.test", false), unmasked: await credentialOf("unmasked@example.test", true) },
    };
  });
  k = { ...server.fixtures.scoped, people: server.fixtures.people };
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
    ["full", { trace_span_thread_log: "true", dataset_delete: "true", project_data_view: "true", original_data_view: "true" }],
    ["ingest", { trace_span_thread_log: "true", dataset_delete: "false", project_data_view: "true", original_data_view: "true" }],
    ["read", { trace_span_thread_log: "false", dataset_delete: "false", project_data_view: "true", original_data_view: "true" }],
    ["masked", { trace_span_thread_log: "false", dataset_delete: "false", project_data_view: "true", dataset_view: "true", original_data_view: "false" }],
    ["custom", { trace_delete: "true", trace_span_thread_log: "false", project_data_view: "true", original_data_view: "false" }],
    ["customAlias", { trace_delete: "false", project_data_view: "true", original_data_view: "true" }],
  ] as const)("%s", async (scope, expected) => {
    const res = await postJson(server.baseUrl, "/opik/workspace-permissions", { workspaceName: "team-a" }, { authorization: k[scope] });
    expect(res.status, brief(res)).toBe(200);
    const list = jsonOf(res).permissions as { permissionName: string; permissionValue: string }[];
    expect(list).toHaveLength(34);
    expect(list.map((p) => p.permissionName)).not.toContain("trace_original_data_view");
    const values = Object.fromEntries(list.map((p) => [p.permissionName, p.permissionValue]));
    expect(values).toMatchObject(expected);
    expect(new Set(Object.values(values))).toEqual(new Set(scope === "full" ? ["true"] : ["true", "false"]));
  });
});

describe("original_data_view's alias trace_original_data_view in requiredPermissions (OPIK-AUTH-CONTRACT.md §18.1)", () => {
  it.each([
    ["read", 200],
    ["customAlias", 200],
    ["masked", 401],
  ] as const)("%s → %i", async (scope, status) => {
    for (const name of ["original_data_view", "trace_original_data_view"]) {
      const res = await auth(k[scope], { requiredPermissions: [name] });
      expect(res.status, `${name}: ${brief(res)}`).toBe(status);
    }
  });
});

describe("a person with See unmasked data off (issue 26 item 1)", () => {
  const permissionsOf = async (credential: string) => {
    const res = await postJson(server.baseUrl, "/opik/workspace-permissions", { workspaceName: "default" }, { authorization: credential });
    expect(res.status, brief(res)).toBe(200);
    return Object.fromEntries((jsonOf(res).permissions as { permissionName: string; permissionValue: string }[]).map((p) => [p.permissionName, p.permissionValue]));
  };
  it("is reported without original_data_view, keeping the rest of the role's scope; with it on, with it", async () => {
    expect(await permissionsOf(k.people.masked)).toMatchObject({ original_data_view: "false", trace_delete: "true", project_data_view: "true" });
    expect(await permissionsOf(k.people.unmasked)).toMatchObject({ original_data_view: "true", trace_delete: "true" });
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
