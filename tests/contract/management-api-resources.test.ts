// Issue 17 over real HTTP, both drivers: people, the key policy and the audit log through the
// management API (each the dashboard's lib/domain function, with its refusals), cursor pages of
// the audit log, and Idempotency-Key on creates (a retry gets the first answer, the key included).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { jsonOf, postJson } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { api, problemOf, seedTokens, type Tokens } from "../support/management-api";

let server: ContractServer<Fixtures & { tokens: Tokens }>;
let t: Tokens;
beforeAll(async () => {
  server = await startContractServer(async (db) => ({ ...(await seedContractFixtures(db)), tokens: await seedTokens(db) }));
  t = server.fixtures.tokens;
});
afterAll(async () => {
  await server?.dispose();
});
const call = (method: string, path: string, options: Parameters<typeof api>[3] = {}) => api(server.baseUrl, method, path, options);

describe("people", () => {
  it("add, edit, remove; the same refusals as the People page", async () => {
    const added = await call("POST", "/api/v1/people", { token: t.write, body: { email: "api-person@example.test", name: "Api Person", role: "member", password: "a long enough password 1", authorizedWorkspaceIds: [server.fixtures.ws.teamA.id] } });
    expect(added.status, added.text).toBe(201);
    const person = jsonOf(added) as { id: string; role: string; hasPassword: boolean };
    expect(person).toMatchObject({ role: "member", hasPassword: true });
    expect(added.text).not.toContain("a long enough password 1");
    const again = await call("POST", "/api/v1/people", { token: t.write, body: { email: "API-person@example.test", name: "Twice", role: "viewer", password: "a long enough password 1", allWorkspaces: true } });
    expect(again.status).toBe(422);
    expect(problemOf(again).errors?.email?.[0]).toMatch(/already exists/);

    const edited = await call("PATCH", `/api/v1/people/${person.id}`, { token: t.write, body: { role: "viewer" } });
    expect(jsonOf(edited)).toMatchObject({ role: "viewer", authorizedWorkspaces: [{ name: "team-a" }] });
    const list = jsonOf(await call("GET", "/api/v1/people", { token: t.read })) as { items: { email: string }[] };
    expect(list.items.map((p) => p.email)).toContain("api-person@example.test");
    // The token's creator is the only admin: the domain's own rules hold over the API too.
    const creator = list.items.find((p) => p.email === "token-maker@example.test") as unknown as { id: string };
    const own = await call("PATCH", `/api/v1/people/${creator.id}`, { token: t.write, body: { role: "member" } });
    expect(own.status).toBe(422);
    expect(problemOf(own).detail).toMatch(/your own role/);
    expect((await call("DELETE", `/api/v1/people/${creator.id}`, { token: t.write })).status).toBe(409);
    expect((await call("DELETE", `/api/v1/people/${person.id}`, { token: t.write })).status).toBe(204);
    expect((await call("PATCH", `/api/v1/people/${person.id}`, { token: t.write, body: { name: "Gone" } })).status).toBe(404);
  });
});

describe("people: invite instead of a password (issue 27 item 7)", () => {
  it("invite: true answers the link once, shows the invitation as open, and DELETE /{id}/invitation revokes it", async () => {
    const added = await call("POST", "/api/v1/people", { token: t.write, body: { email: "api-invited@example.test", name: "Invited", role: "member", invite: true, allWorkspaces: true } });
    expect(added.status, added.text).toBe(201);
    const person = jsonOf(added) as { id: string; hasPassword: boolean; invitationExpiresAt: string; invitation: { link: string; expiresAt: string } };
    expect(person).toMatchObject({ hasPassword: false });
    expect(person.invitation.link).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);
    expect(person.invitation.expiresAt).toBe(person.invitationExpiresAt);
    const listed = (jsonOf(await call("GET", "/api/v1/people", { token: t.read })) as { items: Record<string, unknown>[] }).items.find((p) => p.id === person.id)!;
    expect(listed).not.toHaveProperty("invitation");
    expect(listed.invitationExpiresAt).toBe(person.invitationExpiresAt);

    const both = await call("POST", "/api/v1/people", { token: t.write, body: { email: "api-both@example.test", name: "Both", role: "member", allWorkspaces: true, invite: true, password: "a long enough password 1" } });
    expect(both.status).toBe(422);
    expect(problemOf(both).errors?.password?.[0]).toMatch(/not both/);

    expect((await call("DELETE", `/api/v1/people/${person.id}/invitation`, { token: t.read })).status).toBe(403);
    expect((await call("DELETE", `/api/v1/people/${person.id}/invitation`, { token: t.write })).status).toBe(204);
    expect((await call("DELETE", `/api/v1/people/${person.id}/invitation`, { token: t.write })).status).toBe(409);
    const after = (jsonOf(await call("GET", "/api/v1/people", { token: t.read })) as { items: Record<string, unknown>[] }).items.find((p) => p.id === person.id)!;
    expect(after.invitationExpiresAt).toBeNull();
  });
});

describe("people: See unmasked data (issue 26 item 1)", () => {
  it("on by default; set on add, changed by PATCH, and reported; a non-boolean is a 422 naming the field", async () => {
    const byDefault = jsonOf(await call("POST", "/api/v1/people", { token: t.write, body: { email: "api-default@example.test", name: "Default", role: "member", password: "a long enough password 1", allWorkspaces: true } }));
    expect(byDefault).toMatchObject({ seeUnmasked: true });
    const added = await call("POST", "/api/v1/people", { token: t.write, body: { email: "api-masked@example.test", name: "Masked", role: "viewer", password: "a long enough password 1", allWorkspaces: true, seeUnmasked: false } });
    expect(added.status, added.text).toBe(201);
    const person = jsonOf(added) as { id: string };
    expect(person).toMatchObject({ seeUnmasked: false });
    expect(jsonOf(await call("PATCH", `/api/v1/people/${person.id}`, { token: t.write, body: { name: "Renamed" } }))).toMatchObject({ name: "Renamed", seeUnmasked: false });
    const unmasked = await call("PATCH", `/api/v1/people/${person.id}`, { token: t.write, body: { seeUnmasked: true } });
    expect(unmasked.status, unmasked.text).toBe(200);
    expect(jsonOf(unmasked)).toMatchObject({ seeUnmasked: true });
    const bad = await call("PATCH", `/api/v1/people/${person.id}`, { token: t.write, body: { seeUnmasked: "maybe" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(problemOf(bad).errors ?? {})).toEqual(["seeUnmasked"]);
  });
});

describe("the key policy", () => {
  it("get and set, with the Settings page's rules; keys older than the maximum are refused at once", async () => {
    expect(jsonOf(await call("GET", "/api/v1/policy", { token: t.read }))).toEqual({ maxLifetimeDays: null, defaultExpiryDays: null });
    const refused = await call("PUT", "/api/v1/policy", { token: t.write, body: { maxLifetimeDays: 30, defaultExpiryDays: 90 } });
    expect(refused.status).toBe(422);
    expect(problemOf(refused).errors?.defaultExpiryDays?.[0]).toMatch(/at most the maximum lifetime/);
    expect(jsonOf(await call("PUT", "/api/v1/policy", { token: t.write, body: { maxLifetimeDays: 30, defaultExpiryDays: 30 } }))).toEqual({ maxLifetimeDays: 30, defaultExpiryDays: 30 });
    expect(jsonOf(await call("PUT", "/api/v1/policy", { token: t.write, body: { maxLifetimeDays: null, defaultExpiryDays: null } }))).toEqual({ maxLifetimeDays: null, defaultExpiryDays: null });
  });
});

describe("Idempotency-Key", () => {
  it("a retried create returns the first answer (the key included) and makes nothing twice; another request with the key is refused", async () => {
    const headers = { "idempotency-key": "ci-run-4711" };
    const first = await call("POST", "/api/v1/service-accounts", { token: t.write, headers, body: { name: "idem-account", allWorkspaces: true } });
    expect(first.status).toBe(201);
    const retry = await call("POST", "/api/v1/service-accounts", { token: t.write, headers, body: { name: "idem-account", allWorkspaces: true } });
    expect(retry.status).toBe(201);
    expect(retry.header("idempotent-replayed")).toBe("true");
    expect(retry.text).toBe(first.text);
    const page = jsonOf(await call("GET", "/api/v1/service-accounts?q=idem-account", { token: t.read })) as { total: number };
    expect(page.total).toBe(1);
    const other = await call("POST", "/api/v1/service-accounts", { token: t.write, headers, body: { name: "idem-other", allWorkspaces: true } });
    expect(other.status).toBe(422);
    expect(problemOf(other).detail).toMatch(/different request/);
    // Keys are per token: another token's same key is a new request.
    const { id } = jsonOf(first) as { id: string };
    const keyHeaders = { "idempotency-key": "add-key-1" };
    const key1 = await call("POST", `/api/v1/service-accounts/${id}/keys`, { token: t.write, headers: keyHeaders, body: { name: "ci" } });
    const key2 = await call("POST", `/api/v1/service-accounts/${id}/keys`, { token: t.write, headers: keyHeaders, body: { name: "ci" } });
    expect(key2.text).toBe(key1.text);
    const { key } = jsonOf(key1) as { key: string };
    expect((await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: key })).status).toBe(200);
    expect((jsonOf(await call("GET", `/api/v1/service-accounts/${id}/keys`, { token: t.read })) as { items: unknown[] }).items).toHaveLength(1);
    // A refused first request leaves the key free for a corrected retry.
    const bad = { "idempotency-key": "fix-and-retry" };
    expect((await call("POST", "/api/v1/workspaces", { token: t.write, headers: bad, body: { name: "" } })).status).toBe(422);
    expect((await call("POST", "/api/v1/workspaces", { token: t.write, headers: bad, body: { name: "" } })).status).toBe(422);
    for (const value of ["", "x".repeat(201), "spaces are not allowed"]) {
      expect((await call("POST", "/api/v1/workspaces", { token: t.write, headers: { "idempotency-key": value }, body: { name: "never" } })).status, value.slice(0, 10)).toBe(400);
    }
  });
});

describe("the audit log", () => {
  it("cursor pages cover every event once, newest first, with the page's filters; bad cursors and limits are 400", async () => {
    for (let i = 0; i < 5; i++) expect((await call("POST", "/api/v1/workspaces", { token: t.write, body: { name: `audit-page-${i}` } })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await call("GET", `/api/v1/audit-events?action=workspace.create&limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: t.read });
      const page = jsonOf(res) as { items: { id: string; targetName: string; actorEmail: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((e) => e.targetName));
      for (const e of page.items) expect(e.actorEmail).toMatch(/^token "ci-write"/);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["audit-page-4", "audit-page-3", "audit-page-2", "audit-page-1", "audit-page-0"]);
    // Every change made through the API earlier in this file, with the token as its actor.
    const all = jsonOf(await call("GET", "/api/v1/audit-events?actor=ci-write&limit=200", { token: t.read })) as { items: { action: string }[] };
    expect(new Set(all.items.map((e) => e.action))).toEqual(
      new Set(["administrator.create", "administrator.invite", "administrator.invitation_revoke", "administrator.update", "administrator.remove", "key_policy.update", "service_account.create", "api_key.create", "workspace.create"]),
    );
    const byTarget = jsonOf(await call("GET", "/api/v1/audit-events?target=audit-page-3", { token: t.read })) as { items: unknown[] };
    expect(byTarget.items).toHaveLength(1);
    for (const query of ["cursor=-1", "cursor=abc", "cursor=00000000-0000-4000-8000-000000000000", "limit=0", "limit=201", "limit=x", "action=made.up"]) {
      const res = await call("GET", `/api/v1/audit-events?${query}`, { token: t.read });
      expect(res.status, query).toBe(400);
      problemOf(res);
    }
  });
});
