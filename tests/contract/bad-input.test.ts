// Bad input for every endpoint of the authentication API (issue 4, "Bad input"), over real HTTP
// against `npm start`: each answers a clear 4xx in the contract's error shape (or the documented
// 200), never a 5xx, never a stack trace, never the key echoed back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeLastUsed, secrets, seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, expectOpikError, expectSafe, expectVerifyRefusal, sendRaw, type RawRequest, type Reply } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";

let server: ContractServer<Fixtures>;
let f: Fixtures;

beforeAll(async () => {
  // A long flush interval: "last used" is then written only by the shutdown flush (last test).
  server = await startContractServer(seedContractFixtures, { env: { LAST_USED_FLUSH_MS: "600000" } });
  f = server.fixtures;
});
afterAll(async () => {
  await server?.dispose();
});

type Endpoint = { name: string; method: "GET" | "POST"; path: string; keyed: boolean; body?: Record<string, unknown>; native?: boolean };
const A: Endpoint = { name: "A /opik/auth", method: "POST", path: "/opik/auth", keyed: true, body: { workspaceName: "team-a", path: "/v1/private/spans/batch" } };
const D: Endpoint = { name: "D /opik/workspace-permissions", method: "POST", path: "/opik/workspace-permissions", keyed: true, body: { workspaceName: "team-a" } };
const C: Endpoint = { name: "C /workspaces/workspace-id", method: "GET", path: "/workspaces/workspace-id?name=team-a", keyed: false };
const E: Endpoint = { name: "E /workspaces/workspace-name", method: "GET", path: "/workspaces/workspace-name?id=WSID", keyed: false };
const DETAILS: Endpoint = { name: "account-details", method: "GET", path: "/api/rest/v2/account-details", keyed: true };
const WORKSPACES: Endpoint = { name: "workspaces", method: "GET", path: "/api/rest/v2/workspaces", keyed: true };
const PING: Endpoint = { name: "ping", method: "GET", path: "/is-alive/ping", keyed: false };
const VERIFY: Endpoint = { name: "native verify", method: "POST", path: "/api/v1/keys/verify", keyed: false, native: true, body: { key: "KEY", workspace: "team-a" } };
const ALL = [A, D, C, E, DETAILS, WORKSPACES, PING, VERIFY];
const KEYED = ALL.filter((e) => e.keyed);
const POSTS = ALL.filter((e) => e.method === "POST");
const byName = (list: Endpoint[]) => list.map((e) => [e.name, e] as const);

type Overrides = { authorization?: string | Buffer | null; headers?: [string, string | Buffer][]; contentType?: string | null; body?: string | Buffer; path?: string };

/** The well-formed request to `e`, with parts replaced. The key is `restricted`'s. */
function request(e: Endpoint, o: Overrides = {}): RawRequest {
  const path = (o.path ?? e.path).replaceAll("WSID", f.ws.teamA.id);
  const headers: [string, string | Buffer][] = [];
  const authorization = o.authorization === undefined ? f.keys.restricted : o.authorization;
  if (e.keyed && authorization !== null) headers.push(["Authorization", authorization]);
  const contentType = o.contentType === undefined ? "application/json" : o.contentType;
  if (e.method === "POST" && contentType !== null) headers.push(["Content-Type", contentType]);
  headers.push(...(o.headers ?? []));
  const body = o.body ?? (e.body ? JSON.stringify(e.body).replace("KEY", f.keys.restricted) : undefined);
  return { method: e.method, path, headers, body };
}
const call = (e: Endpoint, o: Overrides = {}) => sendRaw(server.port, request(e, o));

function expectRefused(e: Endpoint, res: Reply, status: number): void {
  if (e.native) expectVerifyRefusal(res, status);
  else expectOpikError(res, status);
}
function expectSuccess(res: Reply): void {
  expectSafe(res);
  expect(res.status, brief(res)).toBe(200);
}
const bodyWith = (e: Endpoint, patch: Record<string, unknown>) => JSON.stringify({ ...e.body, ...patch }).replace("KEY", f.keys.restricted);
/** The body field that names a workspace. */
const wsField = (e: Endpoint) => (e.native ? "workspace" : "workspaceName");

describe("baseline", () => {
  it.each(byName(ALL))("%s: the well-formed request → 200", async (_n, e) => expectSuccess(await call(e)));
});

describe("missing headers", () => {
  it.each(byName(KEYED))("%s: no Authorization → 401", async (_n, e) => expectRefused(e, await call(e, { authorization: null }), 401));
  it.each(byName(POSTS))("%s: no Content-Type → 415", async (_n, e) => expectRefused(e, await call(e, { contentType: null }), 415));
  it.each(byName(POSTS))("%s: no body → 400", async (_n, e) => expectRefused(e, await call(e, { body: "" }), 400));
  it.each(byName(POSTS))("%s: a 1 MB chunked body (no Content-Length to refuse it by) → 413", async (_n, e) => {
    const mb = Buffer.alloc(1024 * 1024, 0x20);
    const chunked = Buffer.concat([Buffer.from(`${mb.length.toString(16)}\r\n`), mb, Buffer.from("\r\n0\r\n\r\n")]);
    const raw = request(e, { headers: [["Transfer-Encoding", "chunked"]] });
    expectRefused(e, await sendRaw(server.port, { ...raw, body: chunked, noContentLength: true }), 413);
  });
});

describe("duplicated headers", () => {
  it.each(byName(KEYED))("%s: two Authorization headers → 401", async (_n, e) => {
    const key = f.keys.restricted;
    for (const [first, second] of [[key, key], [key, "junk"], ["junk", key], [key, f.keys.open]]) {
      expectRefused(e, await call(e, { authorization: first, headers: [["Authorization", second!]] }), 401);
    }
  });
  // A message with two different media types is not a JSON request (RFC 9110 §5.3: Content-Type is
  // not a list field). Today "application/json, text/plain" passes the /^application\/json\b/ test.
  it.each(byName(POSTS))("%s: two conflicting Content-Type headers → 4xx", async (_n, e) => {
    const res = await call(e, { headers: [["Content-Type", "text/plain"]] });
    expectSafe(res);
    expect(res.status, brief(res)).toBeGreaterThanOrEqual(400);
  });
});

describe("10,000-character header values", () => {
  const long = "k".repeat(10_000);
  it.each(byName(KEYED))("%s: a 10,000-character Authorization → 401", async (_n, e) => expectRefused(e, await call(e, { authorization: long }), 401));
  it.each(byName(POSTS))("%s: a 10,000-character Content-Type → 415", async (_n, e) => {
    expectRefused(e, await call(e, { contentType: `text/${long}` }), 415);
  });
  it.each(byName(ALL))("%s: an unrelated 10,000-character header is ignored → 200", async (_n, e) => {
    expectSuccess(await call(e, { headers: [["X-Padding", long]] }));
  });
  it.each([["C", C, `/workspaces/workspace-id?name=${long}`], ["E", E, `/workspaces/workspace-name?id=${long}`]] as const)(
    "%s: a 10,000-character query value → 400",
    async (_n, e, path) => expectRefused(e, await call(e, { path }), 400),
  );
});

describe("non-UTF-8 bytes", () => {
  const invalid = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
  it.each(byName(POSTS))("%s: in a JSON string of the body → 400", async (_n, e) => {
    const [head, tail] = bodyWith(e, { [wsField(e)]: "@" }).split("@");
    expectRefused(e, await call(e, { body: Buffer.concat([Buffer.from(head!), invalid, Buffer.from(tail!)]) }), 400);
  });
  it.each(byName(KEYED))("%s: in the Authorization header → 401", async (_n, e) => {
    expectRefused(e, await call(e, { authorization: Buffer.concat([Buffer.from(f.keys.restricted.slice(0, 10)), invalid]) }), 401);
  });
  it.each(byName(POSTS))("%s: in the Content-Type header → 415", async (_n, e) => {
    expectRefused(e, await call(e, { contentType: Buffer.concat([Buffer.from("application/"), invalid]).toString("latin1") }), 415);
  });
  it.each([["C", C, "/workspaces/workspace-id?name=%FF%FE%C3%28"], ["E", E, "/workspaces/workspace-name?id=%FF%FE"]] as const)(
    "%s: percent-encoded in the query → 400",
    async (_n, e, path) => expectRefused(e, await call(e, { path }), 400),
  );
});

describe("wrong JSON types", () => {
  type Case = [string, string, Endpoint, Record<string, unknown>];
  const field = (e: Endpoint, name: string, values: unknown[]): Case[] =>
    values.map((v) => [`${e.name} ${name}`, JSON.stringify(v), e, { [name]: v }]);
  const cases: Case[] = [
    ...field(A, "workspaceName", [["team-a"], 5, {}, null, true]),
    ...field(A, "path", [5, ["x"], {}, false]),
    ...field(A, "requiredPermissions", ["x", [1], { a: "x" }, 5]),
    ...field(D, "workspaceName", [["team-a"], 5, {}]),
    ...field(VERIFY, "key", [["KEY"], 5, null, {}]),
    ...field(VERIFY, "workspace", [["team-a"], 5, {}]),
  ];
  it.each(cases)("%s = %s → 400", async (_n, _v, e, patch) => expectRefused(e, await call(e, { body: bodyWith(e, patch) }), 400));
  it.each(POSTS.flatMap((e) => ["[]", '"team-a"', "5", "null", "true"].map((body) => [e.name, body, e] as const)))(
    "%s: top-level %s instead of an object → 400",
    async (_n, body, e) => expectRefused(e, await call(e, { body }), 400),
  );
});

describe("strings the database cannot hold", () => {
  // Postgres text cannot contain U+0000: the value must be refused before it reaches a query.
  it.each([["A", A], ["D", D], ["native verify", VERIFY]] as const)("%s: a workspace name containing U+0000 → 4xx", async (_n, e) => {
    const res = await call(e, { body: bodyWith(e, { [wsField(e)]: "team\u0000a" }) });
    expectSafe(res);
    expect(res.status, brief(res)).toBeGreaterThanOrEqual(400);
  });
  it("C: a name containing %00 → 400", async () => expectRefused(C, await call(C, { path: "/workspaces/workspace-id?name=team%00a" }), 400));
});

describe("unknown fields and query parameters", () => {
  it.each(byName(POSTS))("%s: unknown body fields are ignored → 200", async (_n, e) => {
    expectSuccess(await call(e, { body: bodyWith(e, { extra: 1, opikVersion: "version_2", nested: { a: [1, null] } }) }));
  });
  it.each([["C", C, "/workspaces/workspace-id?name=team-a&name=team-a"], ["E", E, "/workspaces/workspace-name?id=WSID&id=WSID"]] as const)(
    "%s: a repeated parameter → 400",
    async (_n, e, path) => expectRefused(e, await call(e, { path }), 400),
  );
  it.each(byName(ALL))("%s: repeated unknown query parameters are ignored → 200", async (_n, e) => {
    const path = `${e.path}${e.path.includes("?") ? "&" : "?"}workspaceName=a&workspaceName=b&x=1&x=2`;
    expectSuccess(await call(e, { path }));
  });
});

describe("wrong methods", () => {
  const paths = [...ALL.map((e) => [e.path.split("?")[0]!, e.method] as const), ["/opik/auth-session", "POST"] as const];
  it.each(paths.flatMap(([path, allowed]) => ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].filter((m) => m !== allowed).map((m) => [m, path, allowed] as const)))(
    "%s %s → 405 {msg, code} with Allow",
    async (method, path, allowed) => {
      const res = await sendRaw(server.port, { method, path, headers: [["Authorization", f.keys.restricted]], body: method === "GET" ? undefined : "" });
      expectOpikError(res, 405);
      expect(res.header("allow")).toContain(allowed);
    },
  );
  it("POST /opik/auth-session (browser sessions are not ours) → 401 {msg, code}", async () => {
    const res = await sendRaw(server.port, { method: "POST", path: "/opik/auth-session", headers: [["Cookie", "sessionToken=abc"], ["Content-Type", "application/json"]], body: '{"workspaceName":"team-a"}' });
    expectOpikError(res, 401);
  });
});

// Requests Node's HTTP parser rejects before any handler runs. Node then writes a bare
// `400 Bad Request` with no body; the contract wants {msg, code} JSON for every 4xx
// (OPIK-AUTH-CONTRACT.md §2.2: Opik cannot read a 400 without it).
describe("requests the HTTP parser rejects", () => {
  it.each([
    ["two different Content-Length headers", { method: "POST", path: "/opik/auth", headers: [["Content-Type", "application/json"], ["Content-Length", "2"], ["Content-Length", "3"]], body: "{}", noContentLength: true }],
    ["a raw 0xFF byte in the request target", { method: "GET", path: "/workspaces/workspace-id?name=\xff\xfe" }],
    ["a header name with a space", { method: "GET", path: "/is-alive/ping", headers: [["Bad Header", "x"]] }],
  ] as [string, RawRequest][])("%s → 400 {msg, code: 400}", async (_n, raw) => {
    expectOpikError(await sendRaw(server.port, raw), 400);
  });
});

describe("shutdown", () => {
  it("last used is recorded off the request path and flushed on shutdown; the log never has a key", async () => {
    // Postgres: nothing is written before the check, nor right after it (the flush timer is 10 minutes).
    if (server.db) expect(await probeLastUsed(server.db, f)).toStrictEqual({ key: null, account: null });
    expectSuccess(await call(A, { authorization: f.keys.probe }));
    if (server.db) expect(await probeLastUsed(server.db, f)).toStrictEqual({ key: null, account: null });
    // Both drivers: SIGTERM to the server process, wait for its process group to exit, then read
    // (PGlite: reopened here).
    const after = await server.readAfterStop((db) => probeLastUsed(db, f));
    const log = `server output:\n${server.output().slice(-3000)}`;
    expect(after.key, `api_keys.last_used_at after shutdown; ${log}`).toBeInstanceOf(Date);
    expect(after.account, `service_accounts.last_used_at after shutdown; ${log}`).toBeInstanceOf(Date);
    expect(server.output()).toMatch(/\[server\] SIGTERM/);
    for (const key of secrets) expect(server.output().includes(key)).toBe(false);
  });
});
