// No 5xx for any string (issue 23 item 5), over real HTTP against `npm start` on both drivers. NUL
// and lone UTF-16 surrogates are text no Postgres (or PGlite) column holds; each URL below was a 500.
// Now the management API answers a 400 problem naming the field, a form an inline field error, a
// page's search an empty table with a notice, the Opik-facing API a 4xx; nothing is written, no
// audit event included. U+FFFF and bidi controls are storable: accepted where free text is.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { administrators } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { OPIK_UI, onOpikHost } from "../support/access-http";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, expectSafe, postJson, send, type Reply } from "../support/contract-http";
import { freePort, startContractServer, type ContractServer } from "../support/contract-server";
import { actionId, signInForCookie } from "../support/dashboard-http";
import { api, problemOf, seedTokens, type Tokens } from "../support/management-api";

const ADMIN = { email: "strings-admin@example.test", password: "strings admin password 1" };
const NOTICE = /Nothing matches this search: it holds a NUL character or a broken one/;
/** NUL, both halves of a surrogate pair alone, and a half at the end of otherwise good text. */
const UNSTORABLE = ["\u0000", "a\u0000b", "\ud800", "\udbff", "\udc00", "\udfff", "team\ud83d"];
/** The same in a URL: NUL escaped; a surrogate's UTF-8 bytes (no UTF-8 at all), U+FFFF, a bidi control. */
const IN_URL = ["%00", "a%00b", "%ED%A0%80", "%ED%BF%BF", "%EF%BF%BF", "%E2%80%AE"];

type Seeded = Fixtures & { tokens: Tokens; personId: string };
let server: ContractServer<Seeded>;
let f: Seeded;
let cookie = "";

beforeAll(async () => {
  const port = await freePort();
  server = await startContractServer(
    async (db: Db) => {
      const fixtures = await seedContractFixtures(db);
      await db.insert(administrators).values({ email: ADMIN.email, name: "Strings Admin", role: "admin", passwordHash: await hashPassword(ADMIN.password) });
      const [person] = await db.insert(administrators).values({ email: "edited@example.test", name: "Edited Person", role: "viewer", passwordHash: null }).returning();
      return { ...fixtures, tokens: await seedTokens(db), personId: person!.id };
    },
    { port, env: { OPIK_UI_URL: OPIK_UI, AUTH_URL: `http://127.0.0.1:${port}` } },
  );
  f = server.fixtures;
  cookie = await signInForCookie(server.baseUrl, ADMIN);
});
afterAll(async () => {
  await server?.dispose();
});

const auditCount = async () => {
  const res = await api(server.baseUrl, "GET", "/api/v1/audit-events?limit=200", { token: f.tokens.read });
  expect(res.status, brief(res)).toBe(200);
  return (JSON.parse(res.text) as { items: unknown[] }).items.length;
};
const personName = async () => {
  const { items } = JSON.parse((await api(server.baseUrl, "GET", "/api/v1/people", { token: f.tokens.read })).text) as { items: { id: string; name: string }[] };
  return items.find((p) => p.id === f.personId)!.name;
};
const accountDescription = async () =>
  (JSON.parse((await api(server.baseUrl, "GET", `/api/v1/service-accounts/${f.accounts.restricted.id}`, { token: f.tokens.read })).text) as { description: string | null }).description;

/** A 4xx problem that names `field` with the message, and nothing written. */
function expectRefusedField(res: Reply, status: number, field: string) {
  expectSafe(res);
  expect(res.status, brief(res)).toBe(status);
  expect(problemOf(res).errors?.[field]?.[0]).toMatch(/NUL character or the broken character/);
}

describe("the management API", () => {
  it.each([
    { path: "/api/v1/service-accounts", param: "q" },
    { path: "/api/v1/audit-events", param: "actor" },
    { path: "/api/v1/audit-events", param: "target" },
  ])("GET $path with $param=NUL → 400 problem naming the parameter", async ({ path, param }) => {
    expectRefusedField(await api(server.baseUrl, "GET", `${path}?${param}=%00`, { token: f.tokens.read }), 400, param);
    expectRefusedField(await api(server.baseUrl, "GET", `${path}?${param}=a%00b`, { token: f.tokens.read }), 400, param);
  });

  it.each(UNSTORABLE)("PATCH a person's name and an account's description with %j → 400 problem, nothing written", async (text) => {
    const before = await auditCount();
    const name = await personName();
    const description = await accountDescription();
    expect(name).toBe("Edited Person");
    expect(description).not.toBeUndefined();
    expectRefusedField(await api(server.baseUrl, "PATCH", `/api/v1/people/${f.personId}`, { token: f.tokens.write, body: { name: text } }), 400, "name");
    expectRefusedField(await api(server.baseUrl, "PATCH", `/api/v1/service-accounts/${f.accounts.restricted.id}`, { token: f.tokens.write, body: { description: text } }), 400, "description");
    // Also nested in an array, and as a field's name.
    expectSafe(await api(server.baseUrl, "POST", "/api/v1/service-accounts", { token: f.tokens.write, body: { name: "nested-1", authorizedWorkspaceIds: [f.ws.teamA.id, text] } }));
    expectSafe(await api(server.baseUrl, "POST", "/api/v1/workspaces", { token: f.tokens.write, body: { [text]: "x", name: "nested-2" } }));
    expect(await auditCount()).toBe(before);
    expect(await personName()).toBe(name);
    expect(await accountDescription()).toBe(description);
  });

  it("U+FFFF and bidi controls are storable: free text keeps U+FFFF, a name's own rule refuses a direction control (422)", async () => {
    const description = "ops \uffff end";
    const saved = await api(server.baseUrl, "PATCH", `/api/v1/service-accounts/${f.accounts.open.id}`, { token: f.tokens.write, body: { description } });
    expect(saved.status, brief(saved)).toBe(200);
    expect((JSON.parse(saved.text) as { description: string }).description).toBe(description);
    const renamed = await api(server.baseUrl, "PATCH", `/api/v1/people/${f.personId}`, { token: f.tokens.write, body: { name: "Edited \u202enosreP" } });
    expectSafe(renamed);
    expect(renamed.status, brief(renamed)).toBe(422);
    for (const text of ["%EF%BF%BF", "%E2%80%AE", "%ED%A0%80"]) {
      const found = await api(server.baseUrl, "GET", `/api/v1/audit-events?actor=${text}&target=${text}`, { token: f.tokens.read });
      expect(found.status, brief(found)).toBe(200);
    }
  });
});

describe("the dashboard", () => {
  const page = (path: string) => send(server.baseUrl, path, { headers: { cookie }, redirect: "manual" });

  it.each(["/admin/service-accounts?q=%00", "/admin/service-accounts?q=a%00b&page=3", "/admin/audit-log?actor=%00", "/admin/audit-log?target=x%00&action=auth.sign_in"])(
    "%s → 200, an empty table with a notice",
    async (path) => {
      const res = await page(path);
      expectSafe(res);
      expect(res.status, brief(res)).toBe(200);
      expect(res.text).toMatch(NOTICE);
      expect(res.text).not.toContain(f.accounts.restricted.name);
    },
  );

  it("a search of good text shows no notice", async () => {
    const res = await page(`/admin/service-accounts?q=${encodeURIComponent(f.accounts.restricted.name)}`);
    expect(res.status, brief(res)).toBe(200);
    expect(res.text).not.toMatch(NOTICE);
  });

  it.each(UNSTORABLE)("the Edit person form with the name %j → an inline field error, nothing written", async (text) => {
    const before = await auditCount();
    const res = await send(server.baseUrl, "/admin/people", {
      method: "POST",
      headers: { "next-action": actionId("lib/actions/people.ts", "updatePersonAction"), "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: server.baseUrl, cookie },
      body: JSON.stringify([null, { id: f.personId, name: text, role: "viewer", defaultWorkspaceId: "", allWorkspaces: "true" }]),
    });
    expectSafe(res);
    expect(res.status, brief(res)).toBe(200);
    expect(res.text).toMatch(/"fieldErrors":\{"name":\["Remove the invisible NUL character or the broken character/);
    expect(await personName()).toBe("Edited Person");
    expect(await auditCount()).toBe(before);
  });

  it("Auth.js's credentials endpoint with a NUL in the email → a refused sign-in, no audit event", async () => {
    const before = await auditCount();
    const csrf = await fetch(`${server.baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await send(server.baseUrl, "/api/auth/callback/credentials", {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
      body: new URLSearchParams({ csrfToken, email: `${ADMIN.email}\u0000`, password: ADMIN.password }),
    });
    expectSafe(res);
    expect(res.header("location") ?? "").toMatch(/error=CredentialsSignin/);
    expect(await auditCount()).toBe(before);
  });
});

describe("the Opik-facing API and the Opik host", () => {
  it.each(UNSTORABLE.map((text, i) => [text, IN_URL[i % IN_URL.length]!]))("%j in every string of the key checks, %s in every query → a 4xx", async (text, inUrl) => {
    const answers = [
      await postJson(server.baseUrl, "/opik/auth", { workspaceName: text, path: text, requiredPermissions: [text] }, { authorization: f.keys.restricted }),
      await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: f.keys.restricted.replace(/.$/, "") }),
      await postJson(server.baseUrl, "/opik/workspace-permissions", { workspaceName: text }, { authorization: f.keys.restricted }),
      await postJson(server.baseUrl, "/api/v1/keys/verify", { key: text, workspace: text }),
      await postJson(server.baseUrl, "/api/v1/keys/verify", { key: f.keys.restricted, workspace: text, permissions: [text] }),
      await send(server.baseUrl, `/workspaces/workspace-id?name=${inUrl}`),
      await send(server.baseUrl, `/workspaces/workspace-name?id=${inUrl}`),
      await send(server.baseUrl, `/_access/callback?code=${inUrl}`, { headers: onOpikHost(), redirect: "manual" }),
      await send(server.baseUrl, `/_access/workspace?switched=${inUrl}`, { headers: onOpikHost(), redirect: "manual" }),
      await send(server.baseUrl, `/_access/sign-in?rd=%2F${inUrl}`, { headers: onOpikHost(), redirect: "manual" }),
      await send(server.baseUrl, `/access/sign-in?rd=${encodeURIComponent(OPIK_UI)}%2F${inUrl}`, { redirect: "manual" }),
      await send(server.baseUrl, `/access/check`, { headers: onOpikHost({ "x-forwarded-uri": `/api/${inUrl}`, accept: "application/json" }), redirect: "manual" }),
    ];
    for (const res of answers) expectSafe(res);
    expect(answers[0]!.status, brief(answers[0]!)).toBe(400);
  });
});
