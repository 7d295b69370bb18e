// Issue 23 item 1 over real HTTP against `npm start`, both drivers: a management token never gives
// more than the person who created it may do today. Its creator is made viewer, member and admin
// again through the API itself (another admin's Write token), and after each change the creator's
// Write token is tried on every endpoint of the OpenAPI document: admin → everything; viewer →
// every GET, every other method 403; member → 401 everywhere, as for a removed creator. The
// Settings page's Management tokens list says why the token does not work, or only reads.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { administrators } from "@/db/schema";
import { managementTokens } from "@/db/schema-api";
import { generateManagementToken, hashManagementToken, tokenHint } from "@/lib/api/token-format";
import { hashPassword } from "@/lib/auth/password";
import { seedContractFixtures } from "../support/contract-fixtures";
import { brief, jsonOf } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { signInForCookie } from "../support/dashboard-http";
import { api, problemOf, seedTokens, type Tokens } from "../support/management-api";

const WATCHER = { email: "watcher@example.test", password: "watcher password 2026" };
const TOKEN_NAME = "creator-follows";
type Seeded = { tokens: Tokens; creatorId: string; creatorToken: string };

async function seed(db: Db): Promise<Seeded> {
  await seedContractFixtures(db);
  const tokens = await seedTokens(db);
  await db.insert(administrators).values({ email: WATCHER.email, name: "Watcher", role: "admin", passwordHash: await hashPassword(WATCHER.password) });
  const [creator] = await db.insert(administrators).values({ email: "creator@example.test", name: "Creator", role: "admin", passwordHash: null }).returning();
  const creatorToken = generateManagementToken();
  await db.insert(managementTokens).values({ name: TOKEN_NAME, access: "write", hash: hashManagementToken(creatorToken), hint: tokenHint(creatorToken), createdBy: creator!.id, createdByEmail: creator!.email });
  return { tokens, creatorId: creator!.id, creatorToken };
}

let server: ContractServer<Seeded>;
let doc: { paths: Record<string, Record<string, { security?: unknown[] }>> };
let watcherCookie: string;

beforeAll(async () => {
  server = await startContractServer(seed);
  doc = jsonOf(await api(server.baseUrl, "GET", "/api/v1/openapi.json")) as unknown as typeof doc;
  watcherCookie = await signInForCookie(server.baseUrl, WATCHER);
});
afterAll(async () => {
  await server?.dispose();
});

const ZERO = "00000000-0000-4000-8000-000000000000";
/** Every management operation of the document, its path's ids filled with an id that names nothing. */
const operations = () =>
  Object.entries(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/") && path !== "/api/v1/keys/verify")
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path: path.replace(/\{\w+\}/g, ZERO), op })))
    .filter(({ op }) => (op.security ?? [1]).length > 0);
/** The creator's Write token on one endpoint; a body (which names nothing) where one is taken. */
const withCreatorToken = (method: string, path: string) =>
  api(server.baseUrl, method, path, { token: server.fixtures.creatorToken, body: method === "POST" || method === "PATCH" || method === "PUT" ? {} : undefined });

async function makeCreator(role: "admin" | "viewer" | "member") {
  const res = await api(server.baseUrl, "PATCH", `/api/v1/people/${server.fixtures.creatorId}`, { token: server.fixtures.tokens.write, body: { role } });
  expect(res.status, brief(res)).toBe(200);
  expect(jsonOf(res)).toMatchObject({ role });
}

/** The token's row of the Settings page's Management tokens table, as the watcher (an admin) sees it. */
async function settingsRow(): Promise<string> {
  const res = await api(server.baseUrl, "GET", "/admin/settings", { headers: { cookie: watcherCookie } });
  expect(res.status, brief(res)).toBe(200);
  const row = [...res.text.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((r) => r.includes(TOKEN_NAME));
  expect(row, "the token is listed").toBeDefined();
  return row!.replace(/<!-- -->/g, "");
}

async function expectFullAccess() {
  for (const { method, path } of operations()) {
    const res = await withCreatorToken(method, path);
    expect([401, 403], `${method} ${path}: ${brief(res)}`).not.toContain(res.status);
    expect(res.status, `${method} ${path}`).toBeLessThan(500);
  }
  expect(await settingsRow()).toContain(">Active<");
}

describe("a management token follows its creator's role", () => {
  it("admin: the token's stored access (Write) on every endpoint", async () => {
    expect(operations().length).toBeGreaterThan(20);
    await expectFullAccess();
  });

  it("viewer: every GET answers, every other method is 403; the list says it only reads", async () => {
    await makeCreator("viewer");
    for (const { method, path } of operations()) {
      const res = await withCreatorToken(method, path);
      if (method === "GET") expect([200, 404], `${method} ${path}: ${brief(res)}`).toContain(res.status);
      else {
        expect(res.status, `${method} ${path}: ${brief(res)}`).toBe(403);
        expect(problemOf(res).detail).toMatch(/its creator is now a viewer/);
      }
    }
    expect(await settingsRow()).toContain("Read only while creator is a viewer");
  });

  it("member: 401 on every endpoint, as for a removed creator; the list says it does not work and why", async () => {
    await makeCreator("member");
    for (const { method, path } of operations()) {
      const res = await withCreatorToken(method, path);
      expect(res.status, `${method} ${path}: ${brief(res)}`).toBe(401);
      expect(problemOf(res).detail).toMatch(/now a member/);
      expect(res.header("www-authenticate")).toBe('Bearer error="invalid_token"');
    }
    expect(await settingsRow()).toContain("Not working — creator is a member");
  });

  it("admin again: full access is back, and the list says Active", async () => {
    await makeCreator("admin");
    await expectFullAccess();
  });
});
