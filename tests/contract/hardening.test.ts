// Hardening II (issue 10), items 6 and 11, over real HTTP against `npm start`: a slowly sent body
// is a 408 of its own (never a database outage), near misses of an API path get the API's JSON
// error, and requests Node's parser refuses get the API's safety headers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { brief, expectOpikError, jsonOf, postJson, sendRaw, sendStalled } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";

let server: ContractServer<Fixtures>;
let f: Fixtures;

beforeAll(async () => {
  server = await startContractServer(seedContractFixtures, { env: { REQUEST_BODY_TIMEOUT_S: "2" } });
  f = server.fixtures;
});
afterAll(async () => {
  await server?.dispose();
});

describe("a request body that arrives too slowly", () => {
  it.each([
    ["POST /opik/auth", "/opik/auth", (key: string) => `authorization: ${key}`],
    ["POST /opik/workspace-permissions", "/opik/workspace-permissions", (key: string) => `authorization: ${key}`],
    ["POST /api/v1/keys/verify", "/api/v1/keys/verify", () => "accept: application/json"],
  ])("%s → 408 once the body timeout passes, with the connection closed, and no database outage reported", async (_name, path, header) => {
    const body = JSON.stringify({ workspaceName: "team-a", key: f.keys.restricted });
    const before = server.output().length;
    const res = await sendStalled(server.port, `POST ${path} HTTP/1.1\ncontent-type: application/json\ncontent-length: ${body.length}\n${header(f.keys.restricted)}`, body.slice(0, 10));
    expect(res.status, brief(res)).toBe(408);
    expect(res.header("cache-control")).toBe("no-store");
    expect(res.header("x-content-type-options")).toBe("nosniff");
    expect(JSON.stringify(jsonOf(res))).toMatch(/did not arrive within 2 s/);
    expect(res.text).not.toMatch(/database/i);
    const logged = server.output().slice(before);
    expect(logged, logged).not.toMatch(/database|auth-api\]/i);
    // The database was fine all along: the next check is answered at once.
    const ok = await postJson(server.baseUrl, path, { workspaceName: "team-a", key: f.keys.restricted }, { authorization: f.keys.restricted });
    expect(ok.status, brief(ok)).toBe(200);
  });
});

describe("near misses of an authentication API path", () => {
  it.each(["/opik/auth/", "//opik/auth", "/opik//auth", "/opik/auth//", "//api/v1/keys/verify/"])("POST %s → the API's JSON 404 naming the real path, not a redirect", async (path) => {
    const res = await sendRaw(server.port, {
      method: "POST",
      path,
      headers: [["content-type", "application/json"], ["authorization", f.keys.restricted]],
      body: JSON.stringify({ workspaceName: "team-a" }),
    });
    expectOpikError(res, 404, /^Not found: the path is \/(opik\/auth|api\/v1\/keys\/verify)$/);
    expect(res.header("location")).toBeUndefined();
    expect(res.header("cache-control")).toBe("no-store");
    expect(res.header("x-content-type-options")).toBe("nosniff");
  });
});

describe("requests Node's HTTP parser refuses", () => {
  it.each([
    ["conflicting Content-Length", [["content-length", "1"], ["content-length", "2"]] as [string, string][]],
    ["a space in a header name", [["bad name", "x"]] as [string, string][]],
  ])("%s → 400 JSON with no-store and nosniff", async (_name, headers) => {
    const res = await sendRaw(server.port, { method: "POST", path: "/opik/auth", headers, body: "{}", noContentLength: true });
    expectOpikError(res, 400, /^Malformed HTTP request$/);
    expect(res.header("cache-control")).toBe("no-store");
    expect(res.header("x-content-type-options")).toBe("nosniff");
  });
});
