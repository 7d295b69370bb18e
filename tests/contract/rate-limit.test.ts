// Failed-authentication rate limiting (issues 5 and 10), over real HTTP against `npm start` with
// small limits. Clients are told apart by address: the server trusts X-Forwarded-For from
// 127.0.0.1 only (TRUST_PROXY), so the tests play several clients behind that "proxy" with a
// different X-Forwarded-For each, and play an attacker reaching the port directly from 127.0.0.2,
// an untrusted peer whose X-Forwarded-For must be ignored.
import { request as httpRequest } from "node:http";
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
      TRUST_PROXY: "127.0.0.1",
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
/** Values that fail the format or checksum test: refused without any database work. */
const junk = (i: number) => [`junk-${i}`, `opsa_${"A".repeat(38)}`.slice(0, 40 + (i % 5)), `Basic ${i}`, wrongChecksum()][i % 4]!;
/** A key-shaped value whose checksum is wrong: its last character changed to another one. */
function wrongChecksum(): string {
  const key = unknownKey();
  return `${key.slice(0, -1)}${key.endsWith("x") ? "y" : "x"}`;
}

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
  else expectOpikError(res, 429, /^Too many unknown API keys from this address: try again in \d+ seconds? \(valid keys are still accepted\)$/);
  const retryAfter = res.header("retry-after") ?? "";
  expect(retryAfter, brief(res)).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(BLOCK_S);
  expect(res.header("cache-control")).toBe("no-store");
  return Number(retryAfter);
}
const expectServed = (res: Reply) => expect(res.status, brief(res)).toBe(200);
const expectRefused = (e: Endpoint, res: Reply) => (e.native ? expectVerifyRefusal(res, 401) : expectOpikError(res, 401));

type PeerReply = { status: number; text: string; location: string; cookies: string[] };

/** One request from a local address of our choosing (127.0.0.2: a peer the server does not trust). */
function fromPeer(localAddress: string, path: string, headers: Record<string, string>, body?: string): Promise<PeerReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port: server.port, localAddress, path, method: body === undefined ? "GET" : "POST", headers: { ...headers, connection: "close" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text, location: String(res.headers.location ?? ""), cookies: res.headers["set-cookie"] ?? [] }),
        );
      },
    );
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer to ${path}`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Auth.js's credentials sign-in (CSRF token, then the callback), from `localAddress`, claiming `forwardedFor`. */
async function signInFromPeer(localAddress: string, credentials: { email: string; password: string }, forwardedFor: string): Promise<PeerReply> {
  const csrf = await fromPeer(localAddress, "/api/auth/csrf", { "x-forwarded-for": forwardedFor });
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const body = new URLSearchParams({ ...credentials, csrfToken, callbackUrl: "/admin/service-accounts" }).toString();
  return fromPeer(
    localAddress,
    "/api/auth/callback/credentials",
    {
      "x-forwarded-for": forwardedFor,
      "content-type": "application/x-www-form-urlencoded",
      "content-length": String(Buffer.byteLength(body)),
      cookie: csrf.cookies.map((c) => c.split(";")[0]).join("; "),
    },
    body,
  );
}

describe("authentication API: unknown keys per client address, valid keys never refused", () => {
  it(`after ${FAILURES} unknown keys, further unknown keys get 429 until Retry-After, while valid keys from the same address are served throughout`, async () => {
    const client = newClient();
    const bystander = newClient();
    for (let i = 0; i < FAILURES; i++) {
      expectOpikError(await A.call(client, unknownKey()), 401);
      expectServed(await A.call(client, f.keys.restricted));
    }
    // Blocked for unknown keys, on every endpoint that checks one...
    for (const e of ENDPOINTS) expectTooMany(e, await e.call(client, unknownKey()));
    // ...and still serving every valid key on every endpoint.
    for (const e of ENDPOINTS) expectServed(await e.call(client, f.keys.restricted));
    expectServed(await A.call(bystander, f.keys.restricted));
    expectOpikError(await A.call(bystander, unknownKey()), 401);

    const retryAfter = expectTooMany(A, await A.call(client, unknownKey()));
    await sleep(retryAfter * 1000);
    // A fresh count: the next unknown key is an ordinary 401.
    expectOpikError(await A.call(client, unknownKey()), 401);
    expectServed(await A.call(client, f.keys.restricted));
  });

  it("100 junk values and 100 well-formed unknown keys from one address, a valid key after each pair: the valid key is accepted every time", async () => {
    const client = newClient();
    const counts = { junk401: 0, unknown401: 0, unknown429: 0, valid200: 0 };
    for (let i = 0; i < 100; i++) {
      const e = ENDPOINTS[i % ENDPOINTS.length]!;
      const j = await e.call(client, junk(i));
      // Format or checksum failures: 401 (400 for the native endpoint's empty key), never counted, never 429.
      expect([400, 401], `${e.name} junk ${i}: ${brief(j)}`).toContain(j.status);
      counts.junk401++;
      const u = await e.call(client, unknownKey());
      if (u.status === 429) {
        expectTooMany(e, u);
        counts.unknown429++;
      } else {
        expectRefused(e, u);
        counts.unknown401++;
      }
      const v = await e.call(client, f.keys.restricted);
      expect(v.status, `${e.name} valid key after pair ${i}: ${brief(v)}`).toBe(200);
      counts.valid200++;
    }
    expect(counts.valid200).toBe(100);
    expect(counts.unknown429, JSON.stringify(counts)).toBeGreaterThan(50);
  });

  it("values that fail the format or checksum test are never counted", async () => {
    const client = newClient();
    for (let i = 0; i < 200; i++) expect((await A.call(client, junk(i))).status).toBe(401);
    // The allowance of unknown keys is untouched.
    for (let i = 0; i < FAILURES; i++) expectOpikError(await A.call(client, unknownKey()), 401);
    expectTooMany(A, await A.call(client, unknownKey()));
  });

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))("%s counts unknown keys toward the limit, and only those", async (_name, e) => {
    const client = newClient();
    // A valid key refused for its workspace is a known credential: answered as usual, never counted.
    if (e.takesWorkspace) {
      for (let i = 0; i < FAILURES * 2; i++) {
        const res = await e.call(client, f.keys.restricted, "other-ws");
        expect([401, 403], brief(res)).toContain(res.status);
      }
    }
    for (let i = 0; i < FAILURES; i++) expectRefused(e, await e.call(client, unknownKey()));
    expectTooMany(e, await e.call(client, unknownKey()));
    expectServed(await e.call(client, f.keys.restricted));
  });

  it("counts a key that keeps being refused once per window: a misconfigured client does not use up its address's allowance", async () => {
    const client = newClient();
    for (let i = 0; i < FAILURES * 3; i++) expectOpikError(await A.call(client, f.keys.deleted), 401);
    expectOpikError(await A.call(client, unknownKey()), 401);
  });

  it("does not count requests refused before any key check (unreadable body, wrong content type)", async () => {
    const client = newClient();
    for (let i = 0; i < FAILURES + 2; i++) {
      expectOpikError(await postJson(server.baseUrl, "/opik/auth", "{not json", keyed(client, unknownKey())), 400);
      const res = await postJson(server.baseUrl, "/api/v1/keys/verify", { key: 1 }, { "x-forwarded-for": client });
      expect(res.status, brief(res)).toBe(400);
    }
    expectOpikError(await A.call(client, unknownKey()), 401);
  });
});

describe("TRUST_PROXY: X-Forwarded-For is believed only from the listed proxies", () => {
  it("a client reaching the port directly cannot escape the key limit by rotating X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fromPeer("127.0.0.2", "/opik/auth", { authorization: unknownKey(), "content-type": "application/json", "x-forwarded-for": `203.0.113.${i}` }, JSON.stringify({ workspaceName: "team-a" }));
      statuses.push(res.status);
    }
    expect(statuses.slice(0, FAILURES)).toStrictEqual(Array<number>(FAILURES).fill(401));
    expect(statuses.slice(FAILURES)).toStrictEqual(Array<number>(40 - FAILURES).fill(429));
    // The address it claimed was never blocked; the trusted proxy's clients are not affected either.
    expectOpikError(await A.call("203.0.113.1", unknownKey()), 401);
    // Its valid key still works, from the same untrusted peer.
    const valid = await fromPeer("127.0.0.2", "/opik/auth", { authorization: f.keys.restricted, "content-type": "application/json" }, JSON.stringify({ workspaceName: "team-a" }));
    expect(valid.status, valid.text).toBe(200);
  });

  it("nor by sending the internal client-address header itself, on the native endpoint either", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < FAILURES + 5; i++) {
      const body = JSON.stringify({ key: unknownKey(), workspace: "team-a" });
      const res = await fromPeer("127.0.0.4", "/api/v1/keys/verify", { "content-type": "application/json", "x-sa-client-address": `203.0.113.${i}`, "X-SA-Client-Address": `192.0.2.${i}` }, body);
      statuses.push(res.status);
    }
    expect(statuses.slice(FAILURES)).toStrictEqual(Array<number>(5).fill(429));
  });

  it("nor the sign-in limit: rotating X-Forwarded-For from an untrusted peer is refused after the same number of wrong passwords", async () => {
    const locations: string[] = [];
    for (let i = 0; i < LOGIN_FAILURES; i++) {
      locations.push((await signInFromPeer("127.0.0.3", { ...ADMIN, password: `wrong password ${i}` }, `203.0.113.${100 + i}`)).location);
    }
    for (const location of locations) expect(location).toMatch(/code=invalid_credentials$/);
    // The right password, from yet another claimed address: still refused, the claim counts for nothing.
    const blocked = await signInFromPeer("127.0.0.3", ADMIN, "203.0.113.200");
    expect(blocked.location).toMatch(/code=rate_limited$/);
    expect(findCookie(blocked.cookies, "authjs.session-token")).toBeUndefined();
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
