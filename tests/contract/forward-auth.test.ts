// Forward auth and the Opik-host sign-in over real HTTP against `npm start` (issue 11 items 2–5 and
// its "Bad input"): every answer is a clear 4xx, a 200 or a redirect to sign-in — never a 5xx,
// never an open redirect, never a credential or code in the server's output.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPIK_UI, callbackOf, forwardAuth, onOpikHost, seedPerson, signInToOpik, startOpikSignIn } from "../support/access-http";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, jsonOf, postJson, send } from "../support/contract-http";
import { freePort, startContractServer, type ContractServer } from "../support/contract-server";
import { signInForCookie } from "../support/dashboard-http";
import { sha256Hex } from "@/lib/access/credential";

const MEMBER = "member@example.test";
let server: ContractServer<Fixtures>;
let f: Fixtures;
let authUrl: string;
const secretsSeen: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  authUrl = `http://127.0.0.1:${port}`;
  server = await startContractServer(
    async (db) => {
      const fixtures = await seedContractFixtures(db);
      await seedPerson(db, { email: MEMBER, role: "member", defaultWs: fixtures.ws.teamA.id, authorized: [fixtures.ws.teamA.id, fixtures.ws.teamB.id] });
      return fixtures;
    },
    { port, env: { OPIK_UI_URL: OPIK_UI, AUTH_URL: authUrl } },
  );
  f = server.fixtures;
});
afterAll(async () => {
  // Nothing secret in what the server printed: no credential, no code, no password.
  const output = server?.output() ?? "";
  for (const secret of secretsSeen) expect(output.includes(secret), "a secret reached the server's output").toBe(false);
  await server?.dispose();
});

const page = { accept: "text/html,application/xhtml+xml", "sec-fetch-mode": "navigate" };
const xhr = { accept: "application/json, text/plain, */*", "sec-fetch-mode": "cors" };
const expectNot5xx = (res: { status: number; text: string }) => expect(res.status, res.text.slice(0, 200)).toBeLessThan(500);

describe("no session", () => {
  it("a page load through Caddy or Traefik (X-Forwarded-Uri) → 302 to the Opik host's sign-in, then this service's, back to the page asked for", async () => {
    const res = await forwardAuth(server.baseUrl, { ...page, "x-forwarded-method": "GET", "x-forwarded-uri": "/default/projects?a=1&b=2", ...onOpikHost() });
    expect(res.status, brief(res)).toBe(302);
    const location = new URL(res.header("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${OPIK_UI}/_access/sign-in`);
    expect(location.searchParams.get("rd")).toBe(`${OPIK_UI}/default/projects?a=1&b=2`);
    const started = await send(server.baseUrl, `${location.pathname}${location.search}`, { headers: onOpikHost(), redirect: "manual" });
    const next = new URL(started.header("location")!);
    expect(`${next.origin}${next.pathname}`).toBe(`${authUrl}/access/sign-in`);
    expect(next.searchParams.get("rd")).toBe(`${OPIK_UI}/default/projects?a=1&b=2`);
  });

  it.each([
    ["an XHR of the UI", { ...xhr, "x-forwarded-method": "GET", "x-forwarded-uri": "/api/v1/private/projects" }],
    ["a page load through nginx (X-Original-URI: nginx redirects with error_page)", { ...page, "x-original-method": "GET", "x-original-uri": "/default/projects" }],
    ["a POST", { ...page, "x-forwarded-method": "POST", "x-forwarded-uri": "/default/projects" }],
    ["no X-Forwarded-* at all", { ...page }],
    ["a Bearer token", { ...xhr, authorization: "Bearer abc", "x-forwarded-uri": "/api/v1/private/projects" }],
    ["a forged credential", { ...xhr, cookie: `sa_access=sapc_${"A".repeat(43)}`, "x-forwarded-uri": "/api/x" }],
    ["a huge cookie", { ...xhr, cookie: `sa_access=${"x".repeat(12_000)}`, "x-forwarded-uri": "/api/x" }],
  ])("%s → 401 with the contract's JSON", async (_name, headers) => {
    const res = await forwardAuth(server.baseUrl, headers as Record<string, string>);
    expect(res.status, brief(res)).toBe(401);
    expect(jsonOf(res)).toMatchObject({ code: 401, msg: expect.stringMatching(/sign in/i) });
    expect(res.header("authorization")).toBeUndefined();
    expect(res.header("cache-control")).toBe("no-store");
  });

  it.each([["not a path", "default/projects"], ["a 70 KB URI", `/${"a".repeat(70_000)}`], ["a control character", "/a\u0001b"]])(
    "an absurd original URI (%s) → 400",
    async (_name, uri) => {
      const res = await forwardAuth(server.baseUrl, { ...page, "x-forwarded-uri": uri });
      expect(res.status, brief(res)).toBe(400);
    },
  );

  it("an absurd URI from nginx (X-Original-URI) → 403: nginx would turn a 400 into a 500", async () => {
    const res = await forwardAuth(server.baseUrl, { ...page, "x-original-uri": "default/projects" });
    expect(res.status, brief(res)).toBe(403);
  });

  it("a long but real URI (Opik's filter links) and a 20 KB cookie header are read, not refused", async () => {
    const uri = `/default/projects?filters=${"x".repeat(30_000)}`;
    const res = await forwardAuth(server.baseUrl, { ...page, "x-forwarded-uri": uri, cookie: `big=${"y".repeat(20_000)}` });
    expect(res.status, brief(res)).toBe(302);
  });
});

describe("the sign-in", () => {
  it("ends with a cookie whose credential the proxy gets, and that Opik's backend check accepts as the person in their default workspace", async () => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    const credential = cookie.slice("sa_access=".length);
    secretsSeen.push(credential);
    const res = await forwardAuth(server.baseUrl, { ...xhr, cookie: `other=1; sa_access=junk; ${cookie}`, "x-forwarded-uri": "/api/v1/private/projects" });
    expect(res.status, brief(res)).toBe(200);
    expect(res.header("authorization")).toBe(credential);
    const auth = await postJson(server.baseUrl, "/opik/auth", { workspaceName: "default", path: "/v1/private/projects" }, { authorization: credential });
    expect(jsonOf(auth)).toEqual({ user: MEMBER, workspaceId: f.ws.teamA.id, workspaceName: "team-a", quotas: [], opikVersion: "version_2" });
    const named = await postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-b" }, { authorization: credential });
    expect(jsonOf(named)).toMatchObject({ workspaceName: "team-b" });
    const refused = await postJson(server.baseUrl, "/opik/auth", { workspaceName: "other-ws" }, { authorization: credential });
    expect(refused.status).toBe(401);
    expect(String(jsonOf(refused).msg)).toMatch(/not authorized for workspace "other-ws"/);
  });

  it("is read among a parent domain's large cookies (a 40 KB Cookie header) and whatever method the proxy uses", async () => {
    const { cookie } = await signInToOpik(server.baseUrl, MEMBER);
    const credential = cookie.slice("sa_access=".length);
    secretsSeen.push(credential);
    const big = `sso=${"y".repeat(20_000)}; other=${"z".repeat(20_000)}; ${cookie}`;
    const res = await forwardAuth(server.baseUrl, { ...xhr, cookie: big, "x-forwarded-uri": "/api/v1/private/projects" });
    expect(res.status, brief(res)).toBe(200);
    expect(res.header("authorization")).toBe(credential);
    // nginx's auth_request sends GET; Caddy and Traefik may pass the original method through.
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]) {
      const answer = await forwardAuth(server.baseUrl, { ...xhr, cookie, "x-forwarded-method": method, "x-forwarded-uri": "/api/v1/private/projects" }, method);
      expect(answer.status, `${method}: ${brief(answer)}`).toBe(200);
      expect(answer.header("authorization"), method).toBe(credential);
    }
    const none = await forwardAuth(server.baseUrl, { ...xhr, "x-forwarded-uri": "/api/v1/private/projects" }, "DELETE");
    expect(none.status, brief(none)).toBe(401);
  });

  it("a forged X-Forwarded-Uri pointing off the Opik host never becomes the sign-in's return target", async () => {
    for (const uri of ["//evil.example/x", "/\\evil.example", "https://evil.example/"]) {
      const res = await forwardAuth(server.baseUrl, { ...page, "x-forwarded-uri": uri, ...onOpikHost() });
      expectNot5xx(res);
      const location = res.header("location");
      if (location) expect(new URL(new URL(location).searchParams.get("rd") ?? OPIK_UI).origin, uri).toBe(new URL(OPIK_UI).origin);
    }
  });

  it("a member may not open the dashboard, but signs in to Opik", async () => {
    const cookie = await signInForCookie(server.baseUrl, { email: MEMBER, password: "a long enough password 11" });
    const res = await send(server.baseUrl, "/admin/service-accounts", { headers: { cookie }, redirect: "manual" });
    expect([302, 303, 307, 308]).toContain(res.status);
    expect(res.header("location") ?? "").not.toMatch(/service-accounts/);
  });

  it("a code is single use, and only on the Opik host", async () => {
    const dashboardCookie = await signInForCookie(server.baseUrl, { email: MEMBER, password: "a long enough password 11" });
    const { stateCookie, signInPath } = await startOpikSignIn(server.baseUrl, `${OPIK_UI}/x`);
    const issue = () => send(server.baseUrl, signInPath, { headers: { cookie: dashboardCookie }, redirect: "manual" });
    const first = (await issue()).header("location")!;
    secretsSeen.push(new URL(first).searchParams.get("code")!);
    const elsewhere = await callbackOf(server.baseUrl, first, stateCookie, "evil.example");
    expect(elsewhere.status, brief(elsewhere)).toBe(400);
    expect(elsewhere.header("set-cookie")).toBeUndefined();
    expect(elsewhere.text).toMatch(/This sign-in link is for localhost:8080/);
    const used = await callbackOf(server.baseUrl, first, stateCookie);
    expect(used.status, brief(used)).toBe(302);
    expect(used.header("location")).toBe(`${OPIK_UI}/x`);
    expect(used.header("referrer-policy")).toBe("no-referrer");
    const replayed = await callbackOf(server.baseUrl, first, stateCookie);
    expect(replayed.status).toBe(400);
    expect(replayed.header("set-cookie")).toBeUndefined();
    expect(replayed.text).toMatch(/already been used, has expired/);
    for (const bad of ["", "?code=", "?code=x&code=y", `?code=${"A".repeat(43)}`, "?code=%00%ff"]) {
      const res = await send(server.baseUrl, `/_access/callback${bad}`, { headers: onOpikHost(), redirect: "manual" });
      expect(res.status, `${bad}: ${brief(res)}`).toBe(400);
    }
  });

  it("a code works only in the browser that started the sign-in: another browser gets a page to sign in again, and the code is used up", async () => {
    const dashboardCookie = await signInForCookie(server.baseUrl, { email: MEMBER, password: "a long enough password 11" });
    const { stateCookie, signInPath } = await startOpikSignIn(server.baseUrl, `${OPIK_UI}/x`);
    const newLink = async () => {
      const link = (await send(server.baseUrl, signInPath, { headers: { cookie: dashboardCookie }, redirect: "manual" })).header("location")!;
      secretsSeen.push(new URL(link).searchParams.get("code")!);
      return link;
    };
    const other = await startOpikSignIn(server.baseUrl, `${OPIK_UI}/y`);
    for (const [name, cookie] of [["another browser's state", other.stateCookie], ["no state", "theme=dark"]]) {
      const link = await newLink();
      const refused = await callbackOf(server.baseUrl, link, cookie);
      expect(refused.status, `${name}: ${brief(refused)}`).toBe(403);
      expect(refused.header("set-cookie"), name).toBeUndefined();
      expect(refused.text).toMatch(/started in another browser/);
      expect(refused.text).toContain('href="/_access/sign-in?rd=%2F">Sign in</a>');
      // Used up by the refusal, even in its own browser.
      expect((await callbackOf(server.baseUrl, link, stateCookie)).status, name).toBe(400);
    }
    const ok = await callbackOf(server.baseUrl, await newLink(), stateCookie);
    expect(ok.status, brief(ok)).toBe(302);
    expect(ok.headers.get("set-cookie")).toEqual([expect.stringMatching(/^sa_access=sapc_/), "sa_access_state=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"]);
    secretsSeen.push(ok.headers.get("set-cookie")![0]!.split(";")[0]!.slice("sa_access=".length));
  });

  it.each(["//evil.example/", "https://evil.example/", "javascript:alert(1)", "http%3A%2F%2Fevil.example", "http://localhost:8080@evil.example/", "/\\evil.example", "", "x"])(
    "/access/sign-in refuses rd=%j with a clear page, never a redirect",
    async (rd) => {
      const res = await send(server.baseUrl, `/access/sign-in?rd=${encodeURIComponent(rd)}`, { redirect: "manual" });
      expect(res.status, brief(res)).toBe(400);
      expect(res.header("location")).toBeUndefined();
      expect(res.text).toMatch(/only sends you back to Opik at http:\/\/localhost:8080/);
    },
  );

  it("Next's router fetching /access/sign-in after the password (RSC) gets no code: only the page load that follows does", async () => {
    const dashboardCookie = await signInForCookie(server.baseUrl, { email: MEMBER, password: "a long enough password 11" });
    const path = (await startOpikSignIn(server.baseUrl, `${OPIK_UI}/x`)).signInPath;
    const asRouter = { headers: { cookie: dashboardCookie, rsc: "1" }, redirect: "manual" as const };
    // Next first adds its cache-busting `_rsc` parameter (a 307 to the same path), as its router does.
    const busted = await send(server.baseUrl, path, asRouter);
    const fetched = busted.status === 307 ? await send(server.baseUrl, busted.header("location")!, asRouter) : busted;
    expect(fetched.status, brief(fetched)).toBe(204);
    expect(fetched.header("location")).toBeUndefined();
    const loaded = await send(server.baseUrl, path, { headers: { cookie: dashboardCookie }, redirect: "manual" });
    expect(loaded.header("location")).toMatch(/\/_access\/callback\?code=/);
  });

  it("/access/sign-in without a session goes to /login and comes back; /login keeps only a path of this service", async () => {
    const { signInPath } = await startOpikSignIn(server.baseUrl, `${OPIK_UI}/p`);
    const res = await send(server.baseUrl, signInPath, { redirect: "manual" });
    expect(res.status).toBe(302);
    const next = new URL(res.header("location")!, server.baseUrl).searchParams.get("next");
    expect(next).toBe(signInPath);
    const login = await send(server.baseUrl, `/login?next=${encodeURIComponent("//evil.example/")}`);
    expect(login.status).toBe(200);
    // The page echoes its own URL in Next's payload, but the form carries no return path.
    expect(login.text).not.toMatch(/name="next"/);
    const kept = await send(server.baseUrl, `/login?next=${encodeURIComponent("/access/sign-in?rd=x")}`);
    expect(kept.text).toMatch(/name="next" value="\/access\/sign-in\?rd=x"/);
  });

  it("nginx's sign-in hop: /_access/sign-in reads X-Original-URI, keeps it on the Opik host", async () => {
    const hop = (uri: string) => send(server.baseUrl, "/_access/sign-in", { headers: onOpikHost({ "x-original-uri": uri }), redirect: "manual" });
    const ok = await hop("/default/projects?a=1&b=2");
    expect(ok.status).toBe(302);
    expect(new URL(ok.header("location")!).searchParams.get("rd")).toBe(`${OPIK_UI}/default/projects?a=1&b=2`);
    // The browser's sign-in state: in a host-only cookie of the Opik host; only its hash leaves.
    const state = /^sa_access_state=([A-Za-z0-9_-]{43}); Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/.exec(ok.header("set-cookie") ?? "")?.[1];
    expect(state, ok.header("set-cookie")).toBeDefined();
    expect(new URL(ok.header("location")!).searchParams.get("state")).toBe(sha256Hex(state!));
    for (const uri of ["//evil.example/x", "https://evil.example/", "/_access/sign-in"]) {
      const res = await hop(uri);
      expect(res.status).toBe(302);
      expect(new URL(res.header("location")!).searchParams.get("rd")).toBe(`${OPIK_UI}/`);
    }
  });
});

describe("the workspace page and sign-out on the Opik host", () => {
  it("Switch moves the credential to another workspace; Sign out ends it everywhere", async () => {
    const { cookie, dashboardCookie } = await signInToOpik(server.baseUrl, MEMBER);
    const credential = cookie.slice("sa_access=".length);
    secretsSeen.push(credential);
    const pageRes = await send(server.baseUrl, "/_access/workspace", { headers: onOpikHost({ cookie }) });
    expect(pageRes.status).toBe(200);
    expect(pageRes.text).toContain(MEMBER);
    expect(pageRes.header("content-security-policy")).toMatch(/default-src 'none'/);
    const form = (workspace: string, origin = OPIK_UI) => ({
      method: "POST",
      headers: onOpikHost({ cookie, origin, "content-type": "application/x-www-form-urlencoded" }),
      body: new URLSearchParams({ workspace }).toString(),
      redirect: "manual" as const,
    });
    expect((await send(server.baseUrl, "/_access/workspace", form(f.ws.teamB.id, "https://evil.example"))).status).toBe(403);
    // A browser that hides the origin ("null") is judged by Sec-Fetch-Site: cross-site is refused.
    const hidden = (site: string) => ({ ...form("not-an-id", "null"), headers: { ...form("not-an-id", "null").headers, "sec-fetch-site": site } });
    expect((await send(server.baseUrl, "/_access/workspace", hidden("cross-site"))).status).toBe(403);
    // Past the origin check: refused for its (bad) workspace instead.
    expect((await send(server.baseUrl, "/_access/workspace", hidden("same-origin"))).status).toBe(400);
    expect((await send(server.baseUrl, "/_access/workspace", form(f.ws.other.id))).status).toBe(400);
    expect((await send(server.baseUrl, "/_access/workspace", form("not-an-id"))).status).toBe(400);
    const switched = await send(server.baseUrl, "/_access/workspace", form(f.ws.teamB.id));
    expect(switched.status, brief(switched)).toBe(303);
    const next = switched.headers.get("set-cookie")!.find((c) => c.startsWith("sa_access="))!.split(";")[0]!;
    const nextCredential = next.slice("sa_access=".length);
    secretsSeen.push(nextCredential);
    expect(nextCredential).not.toBe(credential);
    const auth = await postJson(server.baseUrl, "/opik/auth", { workspaceName: "default" }, { authorization: nextCredential });
    expect(jsonOf(auth)).toMatchObject({ workspaceName: "team-b", user: MEMBER });
    expect((await postJson(server.baseUrl, "/opik/auth", { workspaceName: "default" }, { authorization: credential })).status).toBe(401);

    const crossSite = await send(server.baseUrl, "/_access/sign-out", { method: "POST", headers: onOpikHost({ cookie: next, origin: "https://evil.example" }), redirect: "manual" });
    expect(crossSite.status).toBe(403);
    const out = await send(server.baseUrl, "/_access/sign-out", { method: "POST", headers: onOpikHost({ cookie: next, origin: OPIK_UI }), redirect: "manual" });
    expect(out.status).toBe(303);
    expect(out.header("set-cookie")).toMatch(/sa_access=; Path=\/; Max-Age=0/);
    const after = await postJson(server.baseUrl, "/opik/auth", { workspaceName: "default" }, { authorization: nextCredential });
    expect(after.status).toBe(401);
    expect(String(jsonOf(after).msg)).toMatch(/sign in again/);
    const check = await forwardAuth(server.baseUrl, { ...page, cookie: next, "x-forwarded-uri": "/default/projects" });
    expect(check.status).toBe(302);
    // The dashboard session it came from ended too: /access/sign-in asks for the password again.
    const again = await send(server.baseUrl, (await startOpikSignIn(server.baseUrl, `${OPIK_UI}/`)).signInPath, { headers: { cookie: dashboardCookie }, redirect: "manual" });
    expect(again.header("location")).toMatch(/^\/login\?next=/);
  });

  it("every /_access/ page answers without a session with a 4xx page, never a 5xx", async () => {
    for (const [method, path] of [["GET", "/_access/workspace"], ["POST", "/_access/workspace"], ["GET", "/_access/nope"], ["POST", "/_access/sign-out"]] as const) {
      const res = await send(server.baseUrl, path, { method, headers: onOpikHost({ origin: OPIK_UI, cookie: "sa_access=sapc_x; sa_access=" }), redirect: "manual" });
      expectNot5xx(res);
    }
  });
});
