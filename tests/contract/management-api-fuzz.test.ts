// Issue 17: property-based fuzzing (fast-check) of every management API endpoint's body and query,
// driven by the OpenAPI document: field names the schema has, beside unknown ones, with any JSON
// values, and query strings of every parameter. Never a 5xx, always a problem-details 4xx or a success.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { expectSafe, jsonOf } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { hostileText, textWith, unstorableText } from "../support/fuzz-arbitraries";
import { api, problemOf, seedTokens, type Tokens } from "../support/management-api";

type Op = { parameters?: { name: string; in: string }[]; requestBody?: { content: { "application/json": { schema: { properties?: Record<string, unknown> } } } }; security?: unknown[] };
let server: ContractServer<Fixtures & { tokens: Tokens }>;
let ops: { method: string; path: string; op: Op }[] = [];
beforeAll(async () => {
  server = await startContractServer(async (db) => ({ ...(await seedContractFixtures(db)), tokens: await seedTokens(db) }));
  const doc = jsonOf(await api(server.baseUrl, "GET", "/api/v1/openapi.json")) as { paths: Record<string, Record<string, Op>> };
  ops = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/") && path !== "/api/v1/keys/verify")
    .flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path, op })))
    .filter(({ op }) => (op.security ?? [1]).length > 0);
});
afterAll(async () => {
  await server?.dispose();
});

const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 300 }),
  fc.uuid(),
  fc.constantFrom("", " ", "null", "-1", "0", "1e309", "NaN", "never", "now", "write", "admin", "full", "custom", "\u0000", "\u202E", "team-a", "x".repeat(5000)),
  // NUL, lone surrogates of both halves, U+FFFF, bidi controls, overlong text (issue 23 item 5).
  hostileText(),
  fc.array(hostileText(), { minLength: 1, maxLength: 3 }),
);

describe("fuzzing every endpoint from the OpenAPI document", () => {
  it("bodies: the schema's fields and unknown ones, any JSON values: never a 5xx", async () => {
    const f = server.fixtures;
    const ids = [f.accounts.restricted.id, f.ws.teamA.id, f.keyIds.revocable, "00000000-0000-4000-8000-000000000000"];
    for (const { method, path, op } of ops.filter((o) => o.op.requestBody)) {
      const fields = Object.keys(op.requestBody!.content["application/json"].schema.properties ?? {});
      const body = fc.dictionary(fc.oneof(fc.constantFrom(...fields), fc.string({ maxLength: 12 })), value, { maxKeys: fields.length + 2 });
      await fc.assert(
        fc.asyncProperty(body, fc.constantFrom(...ids), async (payload, id) => {
          const res = await api(server.baseUrl, method, path.replace(/\{\w+\}/g, id), { token: f.tokens.write, body: payload });
          expectSafe(res);
          if (res.status >= 400) problemOf(res);
        }),
        { numRuns: 25 },
      );
    }
  });

  it("queries: every parameter with any value, and unknown ones: never a 5xx", async () => {
    for (const { method, path, op } of ops.filter((o) => o.method === "GET")) {
      const names = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      const query = fc.dictionary(fc.oneof(...(names.length ? [fc.constantFrom(...names)] : []), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 60 }), fc.integer().map(String), fc.uuid(), hostileText()), { maxKeys: 4 });
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const search = new URLSearchParams(q).toString();
          const res = await api(server.baseUrl, method, `${path.replace(/\{\w+\}/g, server.fixtures.accounts.restricted.id)}${search ? `?${search}` : ""}`, { token: server.fixtures.tokens.read });
          expectSafe(res);
          expect([200, 400, 404]).toContain(res.status);
          if (res.status >= 400) problemOf(res);
        }),
        { numRuns: 20 },
      );
    }
  });

  it("NUL or a lone surrogate in any one body field (a value, a list item, a field's name) or query parameter: 400 naming it (413 past the size limit), nothing written", async () => {
    const f = server.fixtures;
    const snapshot = async () => {
      const reads = ["/api/v1/audit-events?limit=200", "/api/v1/people", "/api/v1/workspaces", "/api/v1/service-accounts?size=100"];
      return Promise.all(reads.map(async (path) => (await api(server.baseUrl, "GET", path, { token: f.tokens.read })).text));
    };
    const before = await snapshot();
    for (const { method, path, op } of ops.filter((o) => o.op.requestBody)) {
      const fields = Object.keys(op.requestBody!.content["application/json"].schema.properties ?? {});
      if (fields.length === 0) continue;
      const placed = fc.constantFrom("value", "in a list", "as a field name");
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), unstorableText(), placed, async (field, text, where) => {
          const body = where === "value" ? { [field]: text } : where === "in a list" ? { [field]: ["x", text] } : { [text]: "x" };
          const res = await api(server.baseUrl, method, path.replace(/\{\w+\}/g, f.accounts.restricted.id), { token: f.tokens.write, body });
          expectSafe(res);
          // Overlong text past the body limit is a 413 before anything is parsed.
          expect([400, 413], `${method} ${path}: ${res.text.slice(0, 200)}`).toContain(res.status);
          if (res.status === 400) expect(Object.keys(problemOf(res).errors ?? {})).toHaveLength(1);
        }),
        { numRuns: 10 },
      );
    }
    for (const { path, op } of ops.filter((o) => o.method === "GET")) {
      const names = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      if (names.length === 0) continue;
      // A URL carries NUL as %00; a lone surrogate's bytes decode to U+FFFD, which is storable.
      const nul = textWith(fc.constant("\u0000")).filter((t) => t.length < 4000);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...names), nul, async (name, text) => {
          const res = await api(server.baseUrl, "GET", `${path.replace(/\{\w+\}/g, f.accounts.restricted.id)}?${new URLSearchParams({ [name]: text })}`, { token: f.tokens.read });
          expectSafe(res);
          expect(res.status, `${path}?${name}: ${res.text.slice(0, 200)}`).toBe(400);
          expect(Object.keys(problemOf(res).errors ?? {})).toEqual([name]);
        }),
        { numRuns: 10 },
      );
    }
    expect(await snapshot()).toEqual(before);
  });

  it("paths under /api/v1/: any segments, escapes and methods: never a 5xx", async () => {
    const segment = fc.oneof(fc.constantFrom("service-accounts", "keys", "people", "workspaces", "roll", "disable", "%E0%A4%A", "%", "%00", "..", "."), fc.uuid(), fc.string({ maxLength: 12 }).map(encodeURIComponent));
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE"), async (segments, method) => {
        const res = await api(server.baseUrl, method, `/api/v1/${segments.join("/")}`, { token: server.fixtures.tokens.write, body: method === "GET" || method === "DELETE" ? undefined : {} });
        expectSafe(res);
      }),
      { numRuns: 60 },
    );
  });
});
