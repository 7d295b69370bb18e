// A replay of the requests the Opik backend makes (OPIK-AUTH-CONTRACT.md §2.1, §3, §5–§7, §15):
// exactly its headers, over raw bytes, and a check of each answer as Opik's RemoteAuthService reads
// it. Registered by opik-auth.test.ts so that it shares that file's server.
import { describe, expect, it } from "vitest";
import type { Fixtures } from "../support/contract-fixtures";
import { unknownKey } from "../support/contract-fixtures";
import { expectSafe, sendRaw, type RawRequest, type Reply } from "../support/contract-http";
import type { ContractServer } from "../support/contract-server";

/**
 * What Opik accepts: a 2xx whose JSON has a non-empty string `user` and a non-null `workspaceId`
 * (AuthResponse), or a 401/400 whose JSON has a string `msg` and an int `code`
 * (ReactServiceErrorResponse). Anything else becomes a 500 for the SDK user.
 */
export function expectOpikAccepts(res: Reply): "success" | "refusal" {
  expectSafe(res);
  expect(res.header("content-type") ?? "", res.text).toMatch(/^application\/json\b/);
  expect(res.header("content-encoding")).toBeUndefined();
  const body = JSON.parse(res.text) as Record<string, unknown>;
  if (res.status >= 200 && res.status < 300) {
    expect(typeof body.user === "string" && body.user.length > 0, res.text).toBe(true);
    expect(typeof body.workspaceId === "string" && body.workspaceId.length > 0, res.text).toBe(true);
    return "success";
  }
  expect([400, 401], res.text).toContain(res.status);
  expect(typeof body.msg, res.text).toBe("string");
  expect(Number.isInteger(body.code), res.text).toBe(true);
  return "refusal";
}

/** Endpoint A as RemoteAuthService sends it: the raw key, JSON in, JSON out, identity encoding. */
function endpointA(key: string, body: string, framing: "length" | "chunked" = "length"): RawRequest {
  const headers: [string, string][] = [
    ["Authorization", key],
    ["Content-Type", "application/json"],
    ["Accept", "application/json"],
    ["Accept-Encoding", "identity"],
  ];
  if (framing === "length") return { method: "POST", path: "/opik/auth", headers, body };
  // Jersey's Apache connector may stream the entity chunked.
  const bytes = Buffer.from(body);
  return {
    method: "POST",
    path: "/opik/auth",
    headers: [...headers, ["Transfer-Encoding", "chunked"]],
    noContentLength: true,
    body: Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from("\r\n0\r\n\r\n")]),
  };
}

const SPANS_BATCH = '{"workspaceName":"team-a","path":"/v1/private/spans/batch","requiredPermissions":["trace_span_thread_log"]}';
const AUTH_CHECK = '{"workspaceName":"team-a","path":"/v1/private/auth"}';

export function describeOpikBackendReplay(current: () => ContractServer<Fixtures>): void {
  describe("replay of the Opik backend's requests (§3, §15)", () => {
    it("A: a span batch with requiredPermissions → accepted, the account's name and team-a's id", async () => {
      const { port, fixtures: f } = current();
      const res = await sendRaw(port, endpointA(f.keys.restricted, SPANS_BATCH));
      expect(expectOpikAccepts(res)).toBe("success");
      expect(JSON.parse(res.text)).toMatchObject({ user: "svc-ci-bot", workspaceId: f.ws.teamA.id, workspaceName: "team-a" });
    });
    it("A: `POST /v1/private/auth` style (no requiredPermissions), also with a chunked body", async () => {
      const { port, fixtures: f } = current();
      for (const framing of ["length", "chunked"] as const) {
        const res = await sendRaw(port, endpointA(f.keys.restricted, AUTH_CHECK, framing));
        expect(expectOpikAccepts(res)).toBe("success");
        expect(JSON.parse(res.text).workspaceId).toBe(f.ws.teamA.id);
      }
    });
    it("A: a smart key and `default`, as the SDK's defaults produce them", async () => {
      const { port, fixtures: f } = current();
      const suffix = `*${Buffer.from('{"baseUrl":"http://x/"}').toString("base64")}`;
      const body = '{"workspaceName":"default","path":"/v1/private/traces/batch","requiredPermissions":["trace_span_thread_log"]}';
      const res = await sendRaw(port, endpointA(f.keys.restricted + suffix, body));
      expect(expectOpikAccepts(res)).toBe("success");
      expect(JSON.parse(res.text)).toMatchObject({ workspaceId: f.ws.teamA.id, workspaceName: "team-a" });
    });
    it("A: a fake key, an unauthorized and an unknown workspace → refusals Opik relays", async () => {
      const { port, fixtures: f } = current();
      for (const request of [
        endpointA(unknownKey(), SPANS_BATCH),
        endpointA(f.keys.restricted, SPANS_BATCH.replace("team-a", "other-ws")),
        endpointA(f.keys.restricted, SPANS_BATCH.replace("team-a", "nope")),
      ]) {
        const res = await sendRaw(port, request);
        expect(expectOpikAccepts(res)).toBe("refusal");
        expect(res.status).toBe(401);
      }
    });
    it("C: no auth headers, identity encoding → text/plain id; unknown → 400 {msg, code}", async () => {
      const { port, fixtures: f } = current();
      const c = (name: string): RawRequest => ({ method: "GET", path: `/workspaces/workspace-id?name=${name}`, headers: [["Accept-Encoding", "identity"]] });
      const found = await sendRaw(port, c("team-a"));
      expect(found.status).toBe(200);
      expect(found.header("content-type")).toMatch(/^text\/plain\b/);
      expect(found.header("content-encoding")).toBeUndefined();
      expect(found.text).toBe(f.ws.teamA.id);
      expect(expectOpikAccepts(await sendRaw(port, c("nope")))).toBe("refusal");
    });
    it("E: no auth headers, no Accept → text/plain name; unknown → 400 {msg, code}", async () => {
      const { port, fixtures: f } = current();
      const found = await sendRaw(port, { method: "GET", path: `/workspaces/workspace-name?id=${f.ws.teamB.id}` });
      expect(found.status).toBe(200);
      expect(found.header("content-type")).toMatch(/^text\/plain\b/);
      expect(found.text).toBe("team-b");
      const missing = await sendRaw(port, { method: "GET", path: "/workspaces/workspace-name?id=00000000-0000-4000-8000-000000000000" });
      expect(expectOpikAccepts(missing)).toBe("refusal");
    });
    it("D: Authorization and Accept: application/json, body {workspaceName} → the permissions JSON", async () => {
      const { port, fixtures: f } = current();
      const res = await sendRaw(port, {
        method: "POST",
        path: "/opik/workspace-permissions",
        headers: [["Authorization", f.keys.restricted], ["Accept", "application/json"], ["Content-Type", "application/json"]],
        body: '{"workspaceName":"team-a"}',
      });
      expectSafe(res);
      expect(res.status).toBe(200);
      expect(res.header("content-type")).toMatch(/^application\/json\b/);
      const body = JSON.parse(res.text);
      expect(body).toMatchObject({ userName: "svc-ci-bot", workspaceName: "team-a" });
      expect(body.permissions).toContainEqual({ permissionName: "trace_span_thread_log", permissionValue: "true" });
    });
  });
}
