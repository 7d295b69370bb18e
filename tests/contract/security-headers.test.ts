// Security headers and cookies (issue 5, "Security headers"), over real HTTP against `npm start`:
// what a browser receives from the dashboard, from Auth.js and from the authentication API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContractFixtures, unknownKey, type Fixtures } from "../support/contract-fixtures";
import { brief, postJson, send, type Reply } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { csrf, findCookie, signInOverHttp } from "../support/auth-js-http";

const ADMIN = { email: "headers-admin@example.test", password: "correct horse battery staple" };

let server: ContractServer<Fixtures>;
let f: Fixtures;

beforeAll(async () => {
  server = await startContractServer(seedContractFixtures, { env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  f = server.fixtures;
});
afterAll(async () => {
  await server?.dispose();
});

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values] as const),
  );
}

function expectDashboardHeaders(res: Reply): void {
  const csp = directives(res.header("content-security-policy") ?? "");
  expect(csp.get("frame-ancestors"), brief(res)).toEqual(["'none'"]);
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'none'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
  // Nothing may come from another origin.
  for (const [name, values] of csp) expect(values.filter((v) => /^(https?:|\*)/.test(v)), name).toEqual([]);
  expect(res.header("x-frame-options")).toBe("DENY");
  expect(res.header("x-content-type-options")).toBe("nosniff");
  expect(res.header("referrer-policy")).toBe("no-referrer");
  expect(res.header("x-powered-by")).toBeUndefined();
}

describe("dashboard responses", () => {
  it.each(["/login", "/admin/service-accounts", "/no-such-page", "/api/auth/csrf"])("%s carries the security headers", async (path) => {
    const res = await send(server.baseUrl, path, { redirect: "manual" });
    expect(res.status, brief(res)).toBeLessThan(500);
    expectDashboardHeaders(res);
  });

  it("the sign-in page renders under its own policy: every script is same-origin or inline", async () => {
    const res = await send(server.baseUrl, "/login");
    expect(res.status).toBe(200);
    const sources = [...res.text.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) expect(src).toMatch(/^\/(?!\/)/);
  });
});

describe("Auth.js cookies", () => {
  it("over HTTP: HttpOnly and SameSite=Lax, not Secure", async () => {
    const res = await signInOverHttp(server.baseUrl, ADMIN);
    expect(res.location).toMatch(/\/admin\/service-accounts$/);
    const session = findCookie(res.cookies, "authjs.session-token");
    expect(session, res.cookies.join("\n")).toMatch(/^authjs\.session-token=/);
    expect(session).toMatch(/; HttpOnly(;|$)/i);
    expect(session).toMatch(/; SameSite=Lax(;|$)/i);
    expect(session).not.toMatch(/; Secure(;|$)/i);
  });

  it("behind a proxy that terminates TLS (X-Forwarded-Proto: https): Secure, with the __Secure- and __Host- names", async () => {
    const https = { "x-forwarded-proto": "https" };
    const res = await signInOverHttp(server.baseUrl, ADMIN, https);
    expect(res.location).toMatch(/^https:\/\/.*\/admin\/service-accounts$/);
    const session = findCookie(res.cookies, "authjs.session-token");
    expect(session, res.cookies.join("\n")).toMatch(/^__Secure-authjs\.session-token=/);
    expect(session).toMatch(/; HttpOnly(;|$)/i);
    expect(session).toMatch(/; SameSite=Lax(;|$)/i);
    expect(session).toMatch(/; Secure(;|$)/i);
    const token = await csrf(server.baseUrl, https);
    const csrfCookie = findCookie(token.cookies, "authjs.csrf-token");
    expect(csrfCookie).toMatch(/^__Host-authjs\.csrf-token=.*; HttpOnly(;.*)?; Secure/i);
  });
});

describe("authentication API responses", () => {
  const cases: [string, () => Promise<Reply>][] = [
    ["a 200 of /opik/auth", () => postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: f.keys.restricted })],
    ["a 401 of /opik/auth", () => postJson(server.baseUrl, "/opik/auth", { workspaceName: "team-a" }, { authorization: unknownKey() })],
    ["a 400 of /opik/auth", () => postJson(server.baseUrl, "/opik/auth", "{", { authorization: unknownKey() })],
    ["a text/plain 200 of /workspaces/workspace-id", () => send(server.baseUrl, "/workspaces/workspace-id?name=team-a")],
    ["a 200 of /api/v1/keys/verify", () => postJson(server.baseUrl, "/api/v1/keys/verify", { key: f.keys.restricted })],
    ["a 405", () => send(server.baseUrl, "/opik/auth")],
    ["the health check", () => send(server.baseUrl, "/is-alive/ping")],
  ];
  it.each(cases)("%s: Cache-Control: no-store and X-Content-Type-Options: nosniff", async (_name, call) => {
    const res = await call();
    expect(res.status, brief(res)).toBeLessThan(500);
    expect(res.header("cache-control")).toBe("no-store");
    expect(res.header("x-content-type-options")).toBe("nosniff");
  });
});
