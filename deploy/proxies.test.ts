// The shipped proxy configurations, run with the real nginx and Caddy from Debian in front of a
// stand-in Opik (tests/support/opik-standin.ts) and a fake of this service's access endpoints
// (tests/support/fake-access-service.ts), which record what reaches them. The browser flow with
// the real service is e2e/opik-web-ui.spec.ts; this file pins each routing rule of the configs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE, startFakeAccessService, type FakeAccessService } from "@/tests/support/fake-access-service";
import { startOpikStandIn, type OpikStandIn, type RecordedRequest } from "@/tests/support/opik-standin";
import { freePort, missingBinaries, PROXY_KINDS, rawRequest, startProxy, testNginxConfig, validateCaddyfile, type RunningProxy } from "@/tests/support/proxies";

const HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

for (const kind of PROXY_KINDS) {
  const missing = missingBinaries(kind);
  describe.skipIf(missing)(`${kind}: the shipped configuration${missing ? ` (skipped: ${missing})` : ""}`, () => {
    let fake: FakeAccessService;
    let opik: OpikStandIn;
    let proxy: RunningProxy;

    beforeAll(async () => {
      fake = await startFakeAccessService();
      opik = await startOpikStandIn(fake.url);
      const port = await freePort();
      fake.setOpikUrl(`http://localhost:${port}`);
      proxy = await startProxy(kind, { opikUpstream: opik.frontendHostPort, authUpstream: fake.hostPort, authPublicUrl: fake.url, port });
    }, 30_000);

    afterAll(async () => {
      await proxy?.stop();
      await opik?.close();
      await fake?.close();
    });

    /**
     * Sends a request through the proxy (node:http, which adds no header of its own: fetch would
     * add `Sec-Fetch-Mode: cors`); returns the answer and what reached the fake service and Opik's
     * backend meanwhile.
     */
    async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
      const [service, backend] = [fake.requests.length, opik.backendRequests.length];
      const { response, body } = await rawRequest(`${proxy.url}${path}`, init);
      const reached = fake.requests.slice(service);
      return {
        response,
        body,
        checks: reached.filter((r) => r.path === "/access/check"),
        backend: opik.backendRequests.slice(backend),
        service: reached.filter((r) => r.path !== "/access/check"),
      };
    }
    /**
     * The original request as the check was told it: nginx only in X-Original-* (the names it sends
     * no other value under), Caddy only in X-Forwarded-*; never what a client wrote in either.
     */
    const originalOf = (check: RecordedRequest) => {
      const [named, other] = kind === "nginx" ? ["x-original", "x-forwarded"] : ["x-forwarded", "x-original"];
      expect(check.headers[`${other}-uri`]).toBeUndefined();
      expect(check.headers[`${other}-method`]).toBeUndefined();
      return { method: check.headers[`${named}-method`], uri: check.headers[`${named}-uri`] };
    };
    const only = (list: RecordedRequest[]): RecordedRequest => {
      expect(list).toHaveLength(1);
      return list[0]!;
    };

    it("passes the binary's own check", async () => {
      const settings = { opikUpstream: opik.frontendHostPort, authUpstream: fake.hostPort, authPublicUrl: fake.url };
      const result = kind === "nginx" ? await testNginxConfig(settings) : await validateCaddyfile(settings);
      expect(result.output).toMatch(kind === "nginx" ? /test is successful/ : /Valid configuration/);
      expect(result.ok).toBe(true);
    });

    it("sends a page load without a session to sign-in, coming back to the page asked for", async () => {
      const { response, checks, backend } = await send("/default/projects?tab=traces&x=1", { headers: { Accept: HTML } });
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("location")!);
      expect(`${location.origin}${location.pathname}`).toBe(`${fake.url}/access/sign-in`);
      expect(location.searchParams.get("rd")).toBe(`${proxy.url}/default/projects?tab=traces&x=1`);
      // The check saw the original request, without a body.
      const check = only(checks);
      expect(originalOf(check)).toStrictEqual({ method: "GET", uri: "/default/projects?tab=traces&x=1" });
      expect(check.headers.accept).toBe(HTML);
      expect(backend).toHaveLength(0);
    });

    it.each([
      ["a script's fetch", { Accept: "*/*", "Sec-Fetch-Mode": "cors" }, "GET"],
      ["an asset", { Accept: "*/*" }, "GET"],
      ["a form post", { Accept: HTML, "Sec-Fetch-Mode": "navigate" }, "POST"],
    ])("answers %s outside /api/ without a session with 401, not a trip through sign-in", async (_what, headers, method) => {
      const { response, service, backend } = await send("/default/projects", { method, headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("location")).toBeNull();
      expect(service).toHaveLength(0);
      expect(backend).toHaveLength(0);
    });

    it("sends a browser's navigation (Sec-Fetch-Mode: navigate) to sign-in whatever its Accept", async () => {
      const { response } = await send("/default/projects", { headers: { Accept: "*/*", "Sec-Fetch-Mode": "navigate" } });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(new RegExp(`^${fake.url}/access/sign-in\\?rd=`));
    });

    it("answers an API call without a session with 401, never a redirect, and Opik never sees it", async () => {
      const { response, body, backend } = await send("/api/v1/private/projects", { headers: { Accept: "application/json", "Comet-Workspace": "default" } });
      expect(response.status).toBe(401);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      expect(JSON.parse(body)).toMatchObject({ code: 401 });
      expect(backend).toHaveLength(0);
    });

    it("serves a page with a session, with the credential and without cookies", async () => {
      const { response, body, checks } = await send("/default/projects", { headers: { Accept: HTML, Cookie: `sa_access=${FAKE.PERSON}; theme=dark` } });
      expect(response.status).toBe(200);
      expect(body).toContain("Opik (stand-in)");
      expect(only(checks).headers.cookie).toBe(`sa_access=${FAKE.PERSON}; theme=dark`);
      const page = opik.frontendRequests.at(-1)!;
      expect(page.path).toBe("/default/projects");
      expect(page.headers.cookie).toBeUndefined();
      expect(page.headers.authorization).toBe(FAKE.PERSON);
    });

    it("puts the person's credential in Authorization on API calls, drops every cookie (a sessionToken too)", async () => {
      const { response, body, backend } = await send("/api/v1/private/projects?page=1", {
        headers: { Cookie: `sessionToken=from-the-browser; sa_access=${FAKE.PERSON}`, "Comet-Workspace": "default", Authorization: "Bearer forged" },
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(body)).toStrictEqual({ user: FAKE.USER, workspaceName: "team-a", workspaceId: "ws-a-id", path: "/v1/private/projects" });
      const call = only(backend);
      expect(call.url).toBe("/v1/private/projects?page=1");
      expect(call.headers.authorization).toBe(FAKE.PERSON);
      expect(call.headers.cookie).toBeUndefined();
      expect(call.headers["comet-workspace"]).toBe("default");
    });

    it("passes an SDK's service-account key through unchanged, and the request body to Opik only", async () => {
      const payload = JSON.stringify({ name: "p".repeat(50_000) });
      const { response, checks, backend } = await send("/api/v1/private/projects", {
        method: "POST",
        headers: { Authorization: FAKE.KEY, "Comet-Workspace": "team-a", "Content-Type": "application/json" },
        body: payload,
      });
      expect(response.status).toBe(200);
      const check = only(checks);
      expect(check.headers.authorization).toBe(FAKE.KEY);
      expect(originalOf(check).method).toBe("POST");
      expect(check.headers["x-fake-body-bytes"]).toBe("0");
      const call = only(backend);
      expect(call.method).toBe("POST");
      expect(call.headers.authorization).toBe(FAKE.KEY);
      expect(call.headers["comet-workspace"]).toBe("team-a");
      expect(call.headers["content-length"]).toBe(String(Buffer.byteLength(payload)));
    });

    it("adds Comet-Workspace: default only when the request names no workspace", async () => {
      const none = await send("/api/v1/private/projects/export", { headers: { Cookie: `sa_access=${FAKE.PERSON}` } });
      expect(only(none.backend).headers["comet-workspace"]).toBe("default");
      const byQuery = await send("/api/v1/private/attachment/download?workspace_name=team-b&x=1", { headers: { Cookie: `sa_access=${FAKE.PERSON}` } });
      const call = only(byQuery.backend);
      expect(call.headers["comet-workspace"]).toBeUndefined();
      expect(call.url).toBe("/v1/private/attachment/download?workspace_name=team-b&x=1");
      const byHeader = await send("/api/v1/private/projects", { headers: { Cookie: `sa_access=${FAKE.PERSON}`, "Comet-Workspace": "team-b" } });
      expect(only(byHeader.backend).headers["comet-workspace"]).toBe("team-b");
    });

    it("gives the SDK links under /api/v1/session/ the placeholder sessionToken only, without forward auth", async () => {
      const { response, checks, backend } = await send("/api/v1/session/redirect/projects/?trace_id=0190&path=aHR0cA", {
        headers: { Accept: HTML, Cookie: `sessionToken=from-the-browser; sa_access=${FAKE.PERSON}`, Authorization: FAKE.KEY },
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/default/projects?from=session-redirect");
      expect(checks).toHaveLength(0);
      const call = only(backend);
      expect(call.url).toBe("/v1/session/redirect/projects/?trace_id=0190&path=aHR0cA");
      expect(call.headers.cookie).toBe("sessionToken=placeholder-set-by-the-proxy");
      expect(call.headers.authorization).toBeUndefined();
    });

    it.each(["/api/v1/session/..;/private/projects", "/api/v1/session/%2e%2e/private/projects", "/api/v1/session/x;y", "/api/v1/session/a.b"])(
      "treats %s as an ordinary API call (forward auth, no placeholder cookie)",
      async (path) => {
        const { response, checks, backend } = await send(path, { headers: { Cookie: "sessionToken=from-the-browser", "Comet-Workspace": "default" } });
        expect(checks.length).toBeLessThanOrEqual(1);
        for (const call of backend) expect(call.headers.cookie).toBeUndefined();
        if (checks.length) expect(response.status).toBe(401);
        else expect(response.status).toBeGreaterThanOrEqual(400);
      },
    );

    it("routes /api/workspaces/ to the service's /workspaces/, without cookies or forward auth", async () => {
      const { response, body, checks, service, backend } = await send("/api/workspaces/workspace-name?id=ws-a-id", { headers: { Cookie: `sa_access=${FAKE.PERSON}` } });
      expect(response.status).toBe(200);
      expect(body).toBe("team-a");
      expect(checks).toHaveLength(0);
      expect(backend).toHaveLength(0);
      const call = only(service);
      expect(call.url).toBe("/workspaces/workspace-name?id=ws-a-id");
      expect(call.headers.cookie).toBeUndefined();
    });

    it("routes /_access/ to the service unchanged, with the Opik host's name and cookies, and passes its Set-Cookie back", async () => {
      const { response, checks, service, backend } = await send("/_access/callback?code=abc", { headers: { Cookie: "sa_access=old; other=1", Authorization: FAKE.KEY } });
      expect(response.status).toBe(200);
      expect(response.headers.get("set-cookie")).toBe(`sa_access=${FAKE.PERSON}; Path=/; HttpOnly; SameSite=Lax`);
      expect(checks).toHaveLength(0);
      expect(backend).toHaveLength(0);
      const call = only(service);
      expect(call.url).toBe("/_access/callback?code=abc");
      expect(call.headers.host).toBe(`localhost:${proxy.port}`);
      expect(call.headers["x-forwarded-host"]).toBe(`localhost:${proxy.port}`);
      expect(call.headers["x-forwarded-proto"]).toBe("http");
      expect(call.headers.cookie).toBe("sa_access=old; other=1");
      expect(call.headers.authorization).toBeUndefined();
    });

    it("lets /_access/sign-in?rd= name the page to come back to (no X-Original-URI of the proxy's or the client's)", async () => {
      const { response, service } = await send("/_access/sign-in?rd=%2Fdefault%2Fdatasets", { headers: { Accept: HTML, "X-Original-URI": "/elsewhere" } });
      expect(only(service).headers["x-original-uri"]).toBeUndefined();
      expect(new URL(response.headers.get("location")!).searchParams.get("rd")).toBe(`${proxy.url}/default/datasets`);
    });

    it("does not let a client forge the original URI the check sees", async () => {
      const forged = { "X-Forwarded-Uri": "/elsewhere", "X-Forwarded-Method": "PUT", "X-Original-URI": "/elsewhere", "X-Original-Method": "PUT" };
      const { checks } = await send("/default/projects", { headers: { Accept: HTML, ...forged } });
      expect(originalOf(only(checks))).toStrictEqual({ method: "GET", uri: "/default/projects" });
    });

    if (kind === "nginx") {
      it("nginx: a page load without a session goes through /_access/sign-in with X-Original-URI", async () => {
        const { service } = await send("/default/datasets?q=a%20b", { headers: { Accept: HTML } });
        const call = only(service);
        expect(call.url).toBe("/_access/sign-in");
        expect(call.headers["x-original-uri"]).toBe("/default/datasets?q=a%20b");
        expect(call.headers.host).toBe(`localhost:${proxy.port}`);
      });

      it("nginx: the forward-auth location is internal", async () => {
        const { response, checks } = await send("/access/check", { headers: { Authorization: FAKE.KEY } });
        expect(response.status).toBe(404);
        expect(checks).toHaveLength(0);
      });
    }
  });
}
