// Failed-authentication rate limiting (issue 5, "Rate limiting"), over real HTTP against `npm start`
// with small limits. Clients are told apart by address; over loopback the tests play several
// clients with TRUST_PROXY=1 and a different X-Forwarded-For per client, as a reverse proxy would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContractFixtures, unknownKey, type Fixtures } from "../support/contract-fixtures";
import { brief, expectOpikError, expectVerifyRefusal, postJson, send, type Reply } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { findCookie, signInOverHttp } from "../support/auth-js-http";

const FAILURES = 5;
const BLOCK_S = 3;
const LOGIN_FAILURES = 3;
const ADMIN = { email: "limited-admin@example.test", password: "correct horse battery staple" };

let server: ContractServer<Fixtures>;
let f: Fixtures;

beforeAll(async () => {
  server = await startContractServer(seedContractFixtures, {
    env: {
      TRUST_PROXY: "1",
      AUTH_RATE_LIMIT_FAILURES: String(FAILURES),
      AUTH_RATE_LIMIT_WINDOW_S: "10",
      AUTH_RATE_LIMIT_BLOCK_S: String(BLOCK_S),
      LOGIN_RATE_LIMIT_FAILURES: String(LOGIN_FAILURES),
      LOGIN_RATE_LIMIT_WINDOW_S: "60",
      LOGIN_RATE_LIMIT_BLOCK_S: "60",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    },
  });
  f = server.fixtures;
});
afterAll(async () => {
  await server?.dispose();
});

let lastOctet = 0;
/** A client address of its own for each test, so that tests do not share counts. */
const newClient = () => `198.51.100.${++lastOctet}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Endpoint = { name: string; native?: boolean; takesWorkspace: boolean; call: (client: string, key: string, workspace?: string) => Promise<Reply> };
const keyed = (client: string, key: string) => ({ authorization: key, "x-forwarded-for": client });
const A: Endpoint = {
  name: "POST /opik/auth",
  takesWorkspace: true,
  call: (client, key, workspace = "team-a") =>
    postJson(server.baseUrl, "/opik/auth", { workspaceName: workspace, path: "/v1/private/traces" }, keyed(client, key)),
};
const ENDPOINTS: Endpoint[] = [
  A,
  {
    name: "POST /opik/workspace-permissions",
    takesWorkspace: true,
    call: (client, key, workspace = "team-a") =>
      postJson(server.baseUrl, "/opik/workspace-permissions", { workspaceName: workspace }, keyed(client, key)),
  },
  { name: "GET /api/rest/v2/account-details", takesWorkspace: false, call: (client, key) => send(server.baseUrl, "/api/rest/v2/account-details", { headers: keyed(client, key) }) },
  { name: "GET /api/rest/v2/workspaces", takesWorkspace: false, call: (client, key) => send(server.baseUrl, "/api/rest/v2/workspaces", { headers: keyed(client, key) }) },
  {
    name: "POST /api/v1/keys/verify",
    native: true,
    takesWorkspace: true,
    call: (client, key, workspace = "team-a") =>
      postJson(server.baseUrl, "/api/v1/keys/verify", { key, workspace }, { "x-forwarded-for": client }),
  },
];

/** A 429 in the endpoint's error shape with a Retry-After of 1..BLOCK_S seconds; returns it. */
function expectTooMany(e: Endpoint, res: Reply): number {
  if (e.native) expectVerifyRefusal(res, 429, "rate_limited");
  else expectOpikError(res, 429, /^Too many failed authentication attempts from this address: try again in \d+ seconds?$/);
  const retryAfter = res.header("retry-after") ?? "";
  expect(retryAfter, brief(res)).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(BLOCK_S);
  expect(res.header("cache-control")).toBe("no-store");
  return Number(retryAfter);
}
const expectServed = (res: Reply) => expect(res.status, brief(res)).toBe(200);

describe("authentication API: refused key checks per client address", () => {
  it(`answers 429 after exactly ${FAILURES} refusals, serves the client again after Retry-After, and serves other clients throughout`, async () => {
    const client = newClient();
    const bystander = newClient();
    for (let i = 0; i < FAILURES; i++) {
      expectOpikError(await A.call(client, unknownKey()), 401);
      expectServed(await A.call(bystander, f.keys.restricted));
    }
    // Blocked: even a valid key, on every endpoint that checks one.
    for (const e of ENDPOINTS) expectTooMany(e, await e.call(client, f.keys.restricted));
    expectServed(await A.call(bystander, f.keys.restricted));
    // What checks no key is not refused: Opik's public-visibility lookup and the health check.
    expectServed(await send(server.baseUrl, "/workspaces/workspace-id?name=team-a", { headers: { "x-forwarded-for": client } }));
    expectServed(await send(server.baseUrl, "/is-alive/ping", { headers: { "x-forwarded-for": client } }));

    const retryAfter = expectTooMany(A, await A.call(client, f.keys.restricted));
    await sleep(retryAfter * 1000);
    expectServed(await A.call(client, f.keys.restricted));
    // A fresh count: the next refusal is an ordinary 401.
    expectOpikError(await A.call(client, unknownKey()), 401);
    expectServed(await A.call(bystander, f.keys.restricted));
  });

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))("%s counts its refusals (401 and 403) toward the limit", async (_name, e) => {
    const client = newClient();
    const refusals: [string, string][] = [
      ["opsa_not-a-key", "team-a"],
      [f.keys.deleted, "team-a"],
    ];
    // A valid key asking for a workspace its account may not use: 403 native, 401 for Opik.
    if (e.takesWorkspace) refusals.push([f.keys.restricted, "other-ws"]);
    while (refusals.length < FAILURES) refusals.push([unknownKey(), "team-a"]);
    for (const [key, workspace] of refusals) {
      const res = await e.call(client, key, workspace);
      expect([401, 403], brief(res)).toContain(res.status);
    }
    expectTooMany(e, await e.call(client, f.keys.restricted));
  });

  it("never counts a successful check: 100 valid checks beside a few refusals from one address are all served", async () => {
    const client = newClient();
    for (let i = 0; i < 100; i++) {
      expectServed(await A.call(client, f.keys.restricted));
      if (i % 30 === 0) expectOpikError(await A.call(client, unknownKey()), 401); // FAILURES - 1 of them
    }
    expectOpikError(await A.call(client, unknownKey()), 401);
    expectTooMany(A, await A.call(client, f.keys.restricted));
  });

  it("counts a key that keeps being refused once per window: a misconfigured client does not block its address", async () => {
    const client = newClient();
    for (let i = 0; i < FAILURES * 3; i++) expectOpikError(await A.call(client, f.keys.deleted), 401);
    expectServed(await A.call(client, f.keys.restricted));
  });

  it("does not count requests refused before any key check (unreadable body, wrong content type)", async () => {
    const client = newClient();
    for (let i = 0; i < FAILURES + 2; i++) {
      expectOpikError(await postJson(server.baseUrl, "/opik/auth", "{not json", keyed(client, unknownKey())), 400);
      const res = await postJson(server.baseUrl, "/api/v1/keys/verify", { key: 1 }, { "x-forwarded-for": client });
      expect(res.status, brief(res)).toBe(400);
    }
    expectServed(await A.call(client, f.keys.restricted));
  });
});

describe("sign-in: failures per email + client address, also through Auth.js's own endpoint", () => {
  it(`refuses the right password after ${LOGIN_FAILURES} wrong ones for that email from that address only`, async () => {
    const client = { "x-forwarded-for": newClient() };
    const signedIn = (res: { location: string; cookies: string[] }) =>
      res.location.endsWith("/admin/service-accounts") && findCookie(res.cookies, "authjs.session-token") !== undefined;

    for (let i = 0; i < LOGIN_FAILURES; i++) {
      const res = await signInOverHttp(server.baseUrl, { ...ADMIN, password: `wrong password ${i}` }, client);
      expect(res.location).toMatch(/\/login\?error=CredentialsSignin&code=invalid_credentials$/);
    }
    const blocked = await signInOverHttp(server.baseUrl, ADMIN, client);
    expect(blocked.location).toMatch(/\/login\?error=CredentialsSignin&code=rate_limited$/);
    expect(findCookie(blocked.cookies, "authjs.session-token")).toBeUndefined();

    expect(signedIn(await signInOverHttp(server.baseUrl, ADMIN, { "x-forwarded-for": newClient() }))).toBe(true);
    const otherEmail = await signInOverHttp(server.baseUrl, { email: "someone-else@example.test", password: "x" }, client);
    expect(otherEmail.location).toMatch(/code=invalid_credentials$/);
    expect(server.output()).toContain("[auth] sign-in refused: too many failed attempts for this email and address");
  });
});
