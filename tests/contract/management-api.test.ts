// Issue 17, the management API over real HTTP against `npm start`, both drivers: the OpenAPI
// document validates against the OpenAPI 3.1 schema and matches the routes the server answers;
// every endpoint with a Read, Write, expired and revoked token, no token, an Opik key, a token in
// the query and a doubled Bearer; mutations reach the dashboard's data and the audit log with the
// token as actor; a key added through the API works on /opik/auth at once and a deleted one is
// refused at once; bad bodies and queries are problem-details 4xx.
import { Validator } from "@seriousme/openapi-schema-validator";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { expectSafe, jsonOf, postJson } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { api, problemOf, seedTokens, type Tokens } from "../support/management-api";

let server: ContractServer<Fixtures & { tokens: Tokens }>;
let t: Tokens;
type Doc = { paths: Record<string, Record<string, { operationId: string; security?: unknown[]; requestBody?: unknown }>> };
let doc: Doc;

beforeAll(async () => {
  server = await startContractServer(async (db) => ({ ...(await seedContractFixtures(db)), tokens: await seedTokens(db) }));
  t = server.fixtures.tokens;
  doc = jsonOf(await api(server.baseUrl, "GET", "/api/v1/openapi.json")) as unknown as Doc;
});
afterAll(async () => {
  if (process.env.API_DEBUG) console.log(server?.output().slice(-3000));
  await server?.dispose();
});

const call = (method: string, path: string, options: Parameters<typeof api>[3] = {}) => api(server.baseUrl, method, path, options);
const ZERO = "00000000-0000-4000-8000-000000000000";
/** Every management operation of the document, its path's ids filled with an id that names nothing. */
const operations = () =>
  Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/") && path !== "/api/v1/keys/verify")
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, ZERO), op })))
    .filter(({ op }) => (op.security ?? [1]).length > 0);

describe("the OpenAPI document", () => {
  it("validates against the OpenAPI 3.1 schema", async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as unknown as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("lists every route the server answers under /api/v1/, and the server answers every one it lists", async () => {
    for (const { method, path } of operations()) {
      const res = await call(method, path, { token: t.write, body: method === "POST" || method === "PATCH" ? {} : undefined });
      expectSafe(res);
      if (res.status === 404) expect(problemOf(res).detail, `${method} ${path}`).not.toMatch(/^No endpoint/);
      expect(res.status, `${method} ${path}`).not.toBe(405);
    }
    // A path the document does not have is answered as unknown.
    for (const path of ["/api/v1/nothing", "/api/v1/service-accounts/x/y/z", "/api/v1"]) {
      const res = await call("GET", path, { token: t.read });
      expect(res.status).toBe(404);
      expect(problemOf(res).detail).toMatch(/No endpoint/);
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/opik/auth", "/api/v1/keys/verify", "/api/v1/docs", "/api/v1/service-accounts/{id}/keys"]));
  });

  it("is rendered at /api/v1/docs from this service's own files (no CDN)", async () => {
    const page = await call("GET", "/api/v1/docs");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<div id="swagger-ui">');
    for (const src of page.text.matchAll(/(?:src|href)="([^"]+)"/g)) {
      expect(src[1]).toMatch(/^\/api\/docs-assets\//);
      expect((await call("GET", src[1]!)).status).toBe(200);
    }
  });
});

describe("tokens", () => {
  it("every endpoint refuses no token, an Opik key, an expired and a revoked token with 401 problems", async () => {
    for (const { method, path } of operations()) {
      for (const token of [null, server.fixtures.keys.open, t.expired, t.revoked, "samt_short"]) {
        const res = await call(method, path, { token });
        expect(res.status, `${method} ${path} with ${String(token).slice(0, 8)}`).toBe(401);
        expect(problemOf(res).title).toBe("Unauthorized");
      }
    }
  });

  it("a Read token reads every GET and may change nothing (403 on every other method)", async () => {
    for (const { method, path } of operations()) {
      const res = await call(method, path, { token: t.read, body: method === "GET" || method === "DELETE" ? undefined : {} });
      if (method === "GET") expect([200, 404], `${method} ${path}`).toContain(res.status);
      else expect(res.status, `${method} ${path}`).toBe(403);
    }
  });

  it("a Read token may not write (403); a token in the query string or a doubled Bearer is refused", async () => {
    expect((await call("GET", "/api/v1/workspaces", { token: t.read })).status).toBe(200);
    const write = await call("POST", "/api/v1/workspaces", { token: t.read, body: { name: "never-made" } });
    expect(write.status).toBe(403);
    expect(problemOf(write).detail).toMatch(/can only read/);
    const inQuery = await call("GET", `/api/v1/workspaces?token=${t.read}`, { token: t.read });
    expect(inQuery.status).toBe(400);
    expect(problemOf(inQuery).detail).toMatch(/never in the URL/);
    expect((await call("GET", `/api/v1/workspaces?access_token=${t.read}`)).status).toBe(400);
    expect((await call("GET", `/api/v1/service-accounts?q=${t.read}`, { token: t.read })).status).toBe(400);
    // Searching for the prefix itself is a search, not a token.
    expect((await call("GET", "/api/v1/service-accounts?q=samt_", { token: t.read })).status).toBe(200);
    for (const authorization of [`Bearer Bearer ${t.read}`, t.read, `Basic ${t.read}`, "Bearer", `Bearer  ${t.read} x`]) {
      const res = await call("GET", "/api/v1/workspaces", { headers: { authorization } });
      expect(res.status, authorization.slice(0, 20)).toBe(401);
    }
  });

  it("a management token is never accepted by /opik/auth", async () => {
    const res = await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: t.write });
    expect(res.status).toBe(401);
  });
});

describe("the jobs of the README's Automate it", () => {
  it("create an account with a key: the key works on /opik/auth at once; delete it: refused at once; audited as the token", async () => {
    const created = await call("POST", "/api/v1/service-accounts", { token: t.write, body: { name: "api-made", description: "by CI", defaultWorkspaceId: server.fixtures.ws.teamA.id, authorizedWorkspaceIds: [server.fixtures.ws.teamA.id] } });
    expect(created.status, created.text).toBe(201);
    const account = jsonOf(created) as { id: string; name: string; defaultWorkspace: { name: string } };
    expect(account).toMatchObject({ name: "api-made", defaultWorkspace: { name: "team-a" } });

    const added = await call("POST", `/api/v1/service-accounts/${account.id}/keys`, { token: t.write, body: { name: "ci", expires: "30" } });
    expect(added.status, added.text).toBe(201);
    const key = jsonOf(added) as { id: string; key: string; hint: string };
    expect(key.key).toMatch(/^opsa_/);
    const check = () => postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: key.key });
    expect((await check()).status).toBe(200);
    // Listed without the key itself.
    const listed = await call("GET", `/api/v1/service-accounts/${account.id}/keys`, { token: t.read });
    expect(listed.text).not.toContain(key.key);
    expect(jsonOf(listed)).toMatchObject({ items: [{ id: key.id, hint: key.hint }] });

    const rolled = await call("POST", `/api/v1/service-accounts/${account.id}/keys/${key.id}/roll`, { token: t.write, body: { grace: "now" } });
    expect(rolled.status, rolled.text).toBe(201);
    const next = jsonOf(rolled) as { id: string; key: string };
    expect((await check()).status).toBe(401);
    expect((await call("DELETE", `/api/v1/service-accounts/${account.id}/keys/${next.id}`, { token: t.write })).status).toBe(204);
    expect((await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: next.key })).status).toBe(401);
  });

  it("disable an account, edit it, enable it, delete it", async () => {
    const made = await call("POST", "/api/v1/service-accounts", { token: t.write, body: { name: "to-disable", allWorkspaces: true } });
    expect(made.status, made.text).toBe(201);
    const { id } = jsonOf(made) as { id: string };
    expect(jsonOf(await call("POST", `/api/v1/service-accounts/${id}/disable`, { token: t.write }))).toMatchObject({ disabledAt: expect.any(String) });
    const edited = await call("PATCH", `/api/v1/service-accounts/${id}`, { token: t.write, body: { description: "edited" } });
    expect(jsonOf(edited)).toMatchObject({ name: "to-disable", description: "edited" });
    expect(jsonOf(await call("POST", `/api/v1/service-accounts/${id}/enable`, { token: t.write }))).toMatchObject({ disabledAt: null });
    const page = jsonOf(await call("GET", "/api/v1/service-accounts?q=to-dis&sort=name&dir=asc&size=10", { token: t.read })) as { items: { id: string }[]; total: number };
    expect(page.items.map((a) => a.id)).toEqual([id]);
    expect((await call("DELETE", `/api/v1/service-accounts/${id}`, { token: t.write })).status).toBe(204);
    expect((await call("GET", `/api/v1/service-accounts/${id}`, { token: t.read })).status).toBe(404);
  });
});

describe("bad input: problem details, never a 5xx", () => {
  it("bodies that break the schema and unknown fields are 422 with field errors", async () => {
    const bad = await call("POST", "/api/v1/service-accounts", { token: t.write, body: { name: "has spaces!", defaultWorkspaceId: "nope", authorizedWorkspaceIds: "x" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(problemOf(bad).errors ?? {}).sort()).toEqual(["authorizedWorkspaceIds", "defaultWorkspaceId", "name"]);
    const unknown = await call("POST", "/api/v1/workspaces", { token: t.write, body: { name: "ok-name", owner: "me" } });
    expect(unknown.status).toBe(422);
    expect(problemOf(unknown).errors).toEqual({ owner: ["Unknown field"] });
    for (const body of ["not json", "[1,2]", "null", JSON.stringify({ name: "x".repeat(20_000) })]) {
      const res = await call("POST", "/api/v1/workspaces", { token: t.write, body });
      expectSafe(res);
      expect(res.status, body.slice(0, 20)).toBeGreaterThanOrEqual(400);
      problemOf(res);
    }
    const wrongType = await fetch(`${server.baseUrl}/api/v1/workspaces`, { method: "POST", headers: { authorization: `Bearer ${t.write}`, "content-type": "text/plain" }, body: "name=x" });
    expect(wrongType.status).toBe(415);
  });

  it("huge pages, negative or non-numeric pages and unknown query parameters are 400", async () => {
    for (const query of ["page=-1", "page=abc", "page=99999999999", "size=1000", "sort=password", "dir=up", "q=" + "x".repeat(300), "unknown=1", "page=1&page=2"]) {
      const res = await call("GET", `/api/v1/service-accounts?${query}`, { token: t.read });
      expect(res.status, query).toBe(400);
      problemOf(res);
    }
  });

  it("ids that are not UUIDs are 404; unknown methods 405 with Allow", async () => {
    for (const id of ["not-a-uuid", "%E0%A4%A", "%00", "..%2F..%2Fetc", "00000000-0000-4000-8000-00000000000g"]) {
      const res = await call("GET", `/api/v1/service-accounts/${id}`, { token: t.read });
      expect(res.status, id).toBe(404);
      problemOf(res);
    }
    const res = await call("PUT", "/api/v1/workspaces", { token: t.write });
    expect(res.status).toBe(405);
    expect(res.header("allow")).toBe("GET, POST");
  });
});

// Last: it stops the server to read the database on both drivers (PGlite allows one process).
describe("the audit log", () => {
  it("records every mutation made through the API with the token and its creator as the actor", async () => {
    const events = await server.readAfterStop((db) => db.select().from(auditEvents).where(eq(auditEvents.targetName, "api-made")));
    expect(events.map((e) => e.action).sort()).toEqual(["service_account.create"]);
    const keyEvents = await server.readAfterStop((db) => db.select().from(auditEvents).where(eq(auditEvents.targetType, "api_key")));
    expect(keyEvents.map((e) => e.action)).toEqual(expect.arrayContaining(["api_key.create", "api_key.roll", "api_key.delete"]));
    for (const e of [...events, ...keyEvents]) expect(e.actorEmail).toMatch(/^token "ci-write" \(samt_\w{4}…\w{4}\) of token-maker@example\.test$/);
  });
});
