// Issue 26 item 5: the links the SDKs print (/<workspace>/projects/<id>/traces?trace=<id>) land on
// the trace. Over real HTTP against `npm start`: the forward-auth decision for page loads, XHRs and
// /api/ calls, and the Opik host's sign-in page that switches the workspace and sends the browser
// on to the same path with `default` first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPIK_UI, forwardAuth, onOpikHost, seedPerson, signInToOpik } from "../support/access-http";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, jsonOf, postJson, sendRaw } from "../support/contract-http";
import { freePort, startContractServer, type ContractServer } from "../support/contract-server";

const MEMBER = "links@example.test";
let server: ContractServer<Fixtures>;
let f: Fixtures;

beforeAll(async () => {
  const port = await freePort();
  server = await startContractServer(
    async (db) => {
      const fixtures = await seedContractFixtures(db);
      // Default team-a, may use team-b; other-ws exists but is not theirs.
      await seedPerson(db, { email: MEMBER, role: "member", defaultWs: fixtures.ws.teamA.id, authorized: [fixtures.ws.teamA.id, fixtures.ws.teamB.id] });
      return fixtures;
    },
    { port, env: { OPIK_UI_URL: OPIK_UI, AUTH_URL: `http://127.0.0.1:${port}` } },
  );
  f = server.fixtures;
});
afterAll(async () => {
  await server?.dispose();
});

const page = { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate" };
const xhr = { accept: "application/json, text/plain, */*", "sec-fetch-mode": "cors" };
const TRACE = "/projects/0190babc-0000-7000-8000-0000000000aa/traces?trace=0190babc-0000-7000-8000-0000000000bb&span=x%2Fy";
const credentialOf = (cookie: string) => cookie.slice("sa_access=".length);
const workspaceOf = async (credential: string) => jsonOf(await postJson(server.baseUrl, "/opik/auth", { workspaceName: "default" }, { authorization: credential })).workspaceName;

describe("the forward-auth decision for a signed-in person", () => {
  it("a page load of /<workspace>/… (their own, or not theirs) → the Opik host's sign-in page: a 302 for Caddy/Traefik, a 401 for nginx's error_page", async () => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    for (const name of ["team-b", "team-a", "other-ws"]) {
      const caddy = await forwardAuth(server.baseUrl, { ...page, cookie, "x-forwarded-method": "GET", "x-forwarded-uri": `/${name}${TRACE}`, ...onOpikHost() });
      expect(caddy.status, brief(caddy)).toBe(302);
      const location = new URL(caddy.header("location")!);
      expect(`${location.origin}${location.pathname}`).toBe(`${OPIK_UI}/_access/sign-in`);
      expect(location.searchParams.get("rd")).toBe(`${OPIK_UI}/${name}${TRACE}`);
      expect(caddy.header("authorization")).toBeUndefined();
      const nginx = await forwardAuth(server.baseUrl, { ...page, cookie, "x-original-method": "GET", "x-original-uri": `/${name}${TRACE}` });
      expect(nginx.status, brief(nginx)).toBe(401);
    }
  });

  it.each([
    ["`default`", page, `/default${TRACE}`],
    ["the bare root", page, "/"],
    ["a first segment that is no workspace", page, `/no-such-ws${TRACE}`],
    ["a name in capitals (workspace names are lowercase)", page, `/TEAM-B${TRACE}`],
    ["an asset", { accept: "*/*", "sec-fetch-mode": "no-cors" }, "/team-b/app.js"],
    ["an XHR of the UI", xhr, `/team-b${TRACE}`],
    ["an /api/ call, even as a page load", page, "/api/team-b/projects"],
  ])("%s passes through untouched with the person's credential", async (_name, headers, uri) => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    const proxies: Record<string, string>[] = [{ "x-forwarded-uri": uri, "x-forwarded-method": "GET" }, { "x-original-uri": uri, "x-original-method": "GET" }];
    for (const proxy of proxies) {
      const res = await forwardAuth(server.baseUrl, { ...headers, cookie, ...proxy, ...onOpikHost() });
      expect(res.status, brief(res)).toBe(200);
      expect(res.header("authorization")).toBe(credentialOf(cookie));
    }
  });

  it("an anonymous page load of a workspace's link goes to sign-in and comes back to that same link", async () => {
    const res = await forwardAuth(server.baseUrl, { ...page, "x-forwarded-method": "GET", "x-forwarded-uri": `/team-b${TRACE}`, ...onOpikHost() });
    expect(res.status, brief(res)).toBe(302);
    expect(new URL(res.header("location")!).searchParams.get("rd")).toBe(`${OPIK_UI}/team-b${TRACE}`);
  });
});

describe("the Opik host's sign-in page, signed in", () => {
  // Byte for byte (fetch would put its own Sec-Fetch-Mode in place of a browser's).
  const hop = (path: string, headers: Record<string, string>) =>
    sendRaw(Number(new URL(server.baseUrl).port), { method: "GET", path, headers: Object.entries(onOpikHost(headers)) });
  const open = (cookie: string, uri: string, headers: Record<string, string> = page) => hop(`/_access/sign-in?rd=${encodeURIComponent(uri)}`, { ...headers, cookie });

  it("a workspace the person may use becomes the current one (a new credential) and the browser goes on to the same page with `default` first, query kept", async () => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    const res = await open(cookie, `/team-b${TRACE}`);
    expect(res.status, brief(res)).toBe(302);
    expect(res.header("location")).toBe(`${OPIK_UI}/default${TRACE}`);
    const next = (res.headers.get("set-cookie") ?? []).find((c) => c.startsWith("sa_access="))!.split(";")[0]!;
    expect(next).not.toBe(cookie);
    expect(await workspaceOf(credentialOf(next))).toBe("team-b");
    expect((await postJson(server.baseUrl, "/opik/auth", { workspaceName: "default" }, { authorization: credentialOf(cookie) })).status).toBe(401);
    // nginx's hop names the page in X-Original-URI: the same.
    const nginx = await hop("/_access/sign-in", { ...page, cookie: next, "x-original-uri": `/team-a${TRACE}` });
    expect(nginx.header("location")).toBe(`${OPIK_UI}/default${TRACE}`);
    const back = (nginx.headers.get("set-cookie") ?? []).find((c) => c.startsWith("sa_access="))!.split(";")[0]!;
    expect(await workspaceOf(credentialOf(back))).toBe("team-a");
  });

  it("the current workspace's link keeps the credential and only rewrites the path", async () => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    const res = await open(cookie, `${OPIK_UI}/team-a/projects`);
    expect(res.header("location")).toBe(`${OPIK_UI}/default/projects`);
    expect(res.headers.get("set-cookie") ?? []).toEqual([]);
    expect(await workspaceOf(credentialOf(cookie))).toBe("team-a");
  });

  it("a workspace that is not theirs: a page naming it and offering theirs; nothing switches", async () => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    const res = await open(cookie, `/other-ws${TRACE}`);
    expect(res.status).toBe(403);
    expect(res.text).toContain("No access to this workspace");
    expect(res.text).toMatch(/workspace <strong data-testid="refused-workspace">other-ws<\/strong>/);
    expect(res.text).toContain(`value="${f.ws.teamB.id}"`);
    expect(res.text).not.toContain(f.ws.other.id);
    expect(res.headers.get("set-cookie") ?? []).toEqual([]);
    expect(await workspaceOf(credentialOf(cookie))).toBe("team-a");
  });

  it("no workspace's name: the page itself, unchanged; a script's request never switches", async () => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    const res = await open(cookie, `/no-such-ws${TRACE}`);
    expect(res.status).toBe(302);
    expect(res.header("location")).toBe(`${OPIK_UI}/no-such-ws${TRACE}`);
    const img = await open(cookie, `/team-b${TRACE}`, { accept: "image/*", "sec-fetch-mode": "no-cors" });
    expect(img.status).toBe(302);
    expect(img.header("location")).toMatch(/\/access\/sign-in\?rd=/);
    expect(await workspaceOf(credentialOf(cookie))).toBe("team-a");
  });
});
