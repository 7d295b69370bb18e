// How sign-in reads claims the ID token lacks from UserInfo (lib/auth/sso-claims.ts), against a
// stand-in provider serving discovery and UserInfo; the real `oidc-provider` in its conformant
// setting is in e2e/sso-userinfo.spec.ts.
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ssoClaimsOf } from "./sso-claims";
import { SSO_DEFAULTS, type SsoSettings } from "./sso-settings";

let server: Server;
let issuer = "";
let userInfo: { status: number; body: Record<string, unknown> } = { status: 200, body: {} };
const bearers: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/.well-known/openid-configuration") return json(200, { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/me` });
    if (req.url === "/me") {
      bearers.push(req.headers.authorization ?? "");
      return json(userInfo.status, userInfo.body);
    }
    json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sso = (): SsoSettings => ({ issuer, clientId: "client", clientSecret: "secret", ...SSO_DEFAULTS });
const account = { access_token: "access-token-1", provider: "oidc", type: "oidc" as const, providerAccountId: "user-1" };
const full = { email: "ann@example.test", email_verified: true, name: "Ann", groups: ["ml-team"] };

describe("SSO claims from the ID token and UserInfo", () => {
  it("an ID token with every claim is used as it is, without asking UserInfo", async () => {
    bearers.length = 0;
    const claims = await ssoClaimsOf({ sub: "user-1", ...full }, account, sso());
    expect(claims).toEqual({ subject: "user-1", email: "ann@example.test", emailVerified: true, name: "Ann", groups: ["ml-team"] });
    expect(bearers).toEqual([]);
  });

  it("an ID token with the subject only: the rest from UserInfo, asked with the access token", async () => {
    bearers.length = 0;
    userInfo = { status: 200, body: { sub: "user-1", ...full } };
    expect(await ssoClaimsOf({ sub: "user-1" }, account, sso())).toEqual({ subject: "user-1", email: "ann@example.test", emailVerified: true, name: "Ann", groups: ["ml-team"] });
    expect(bearers).toEqual(["Bearer access-token-1"]);
  });

  it("what the ID token says wins; UserInfo only fills in", async () => {
    userInfo = { status: 200, body: { sub: "user-1", email: "other@example.test", email_verified: true, name: "Other", groups: ["admins"] } };
    const claims = await ssoClaimsOf({ sub: "user-1", email: "ann@example.test", email_verified: false }, account, sso());
    expect(claims).toEqual({ subject: "user-1", email: "ann@example.test", emailVerified: false, name: "Other", groups: ["admins"] });
  });

  it("unstorable text (NUL, lone surrogates) never reaches a query: subject refused, email dropped, name mended, groups skipped", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await ssoClaimsOf({ sub: "user\u0000-1", ...full }, account, sso())).toBeNull();
    expect(await ssoClaimsOf({ sub: "user\ud800", ...full }, account, sso())).toBeNull();
    errors.mockRestore();
    const claims = await ssoClaimsOf({ sub: "user-1", email: "ann\u0000@example.test", email_verified: true, name: "An\udc00n", groups: ["ml-team", "bad\ud83d", "x\u0000"] }, account, sso());
    expect(claims).toEqual({ subject: "user-1", email: null, emailVerified: true, name: "An\ufffdn", groups: ["ml-team"] });
  });

  it("UserInfo about another subject, or an error, is refused (null), never used", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    userInfo = { status: 200, body: { sub: "someone-else", ...full } };
    expect(await ssoClaimsOf({ sub: "user-1" }, account, sso())).toBeNull();
    userInfo = { status: 500, body: { error: "server_error" } };
    expect(await ssoClaimsOf({ sub: "user-1" }, account, sso())).toBeNull();
    expect(errors.mock.calls.flat().join(" ")).not.toContain("access-token-1");
    errors.mockRestore();
  });
});
