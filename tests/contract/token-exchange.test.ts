// Keyless CI over HTTP against `npm start` (issue 29, docs/keyless-ci.md), with a real issuer on
// loopback (tests/support/test-issuer.ts): trusted pipelines through the management API, an
// exchange whose key passes /opik/auth in the policy's workspace and scope, and the refusals of the
// token itself, each an OAuth error, audited, never a 5xx. Issuer-side failures (rotation, down,
// slow, huge) are in token-exchange-issuers.test.ts.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "@/db/schema";
import { seedContractFixtures, type Fixtures } from "../support/contract-fixtures";
import { jsonOf, postJson } from "../support/contract-http";
import { driver, startContractServer, type ContractServer } from "../support/contract-server";
import { api, seedTokens, type Tokens } from "../support/management-api";
import { startTestIssuer, type TestIssuer } from "../support/test-issuer";
import { addTrustPolicy, exchange, exchangeEvents, expectOAuthError } from "../support/token-exchange-http";

const AUD = "https://sa.contract.test";
let server: ContractServer<Fixtures & { tokens: Tokens }>;
let idp: TestIssuer;
let f: Fixtures & { tokens: Tokens };

beforeAll(async () => {
  idp = await startTestIssuer();
  server = await startContractServer(async (db) => ({ ...(await seedContractFixtures(db)), tokens: await seedTokens(db) }));
  f = server.fixtures;
  // `restricted`: team-a and team-b; the keys go to team-b, Ingest only, 5 minutes.
  await addTrustPolicy(server.baseUrl, f.tokens.write, f.accounts.restricted.id, {
    name: "app main",
    issuer: idp.issuer,
    audience: AUD,
    subjects: ["repo:acme/app:ref:refs/heads/*"],
    claims: { repository_owner_id: "1001" },
    keyLifetimeMinutes: 5,
    scope: "ingest",
    defaultWorkspaceId: f.ws.teamB.id,
  });
  await addTrustPolicy(server.baseUrl, f.tokens.write, f.accounts.open.id, { issuer: idp.issuer, audience: AUD, subjects: ["project_path:acme/ml:ref_type:branch:ref:main"], claims: { namespace_path: "acme" } });
});
afterAll(async () => {
  await server?.dispose();
  await idp?.stop();
});

const github = (extra: Record<string, unknown> = {}) => idp.sign({ ...idp.github({ repository: "acme/app", aud: AUD }), ...extra });
const auth = (key: string, workspaceName: string, requiredPermissions?: string[]) => postJson(server.baseUrl, "/opik/auth", { workspaceName, ...(requiredPermissions ? { requiredPermissions } : {}) }, { authorization: key });

describe("trusted pipelines through the management API", () => {
  it("lists, edits and deletes; bad input is a 422 with field errors", async () => {
    const path = `/api/v1/service-accounts/${f.accounts.openDefault.id}/trust-policies`;
    const id = await addTrustPolicy(server.baseUrl, f.tokens.write, f.accounts.openDefault.id, { issuer: "https://gitlab.example.com", audience: AUD, subjects: ["project_path:x/y:*"] });
    const listed = await api(server.baseUrl, "GET", path, { token: f.tokens.read });
    expect(jsonOf(listed)).toMatchObject({ items: [{ id, issuer: "https://gitlab.example.com", keyLifetimeMinutes: 15, scope: "full", claims: {}, defaultWorkspace: null }] });
    const patched = await api(server.baseUrl, "PATCH", `${path}/${id}`, { token: f.tokens.write, body: { keyLifetimeMinutes: 30, claims: { namespace_path: "x" } } });
    expect(jsonOf(patched)).toMatchObject({ id, keyLifetimeMinutes: 30, claims: { namespace_path: "x" }, subjects: ["project_path:x/y:*"] });
    const bad = await api(server.baseUrl, "POST", path, { token: f.tokens.write, body: { issuer: "http://evil.example.com", subjects: ["*"], keyLifetimeMinutes: 90 } });
    expect(bad.status).toBe(422);
    expect(Object.keys((JSON.parse(bad.text) as { errors: Record<string, unknown> }).errors).sort()).toEqual(["issuer", "keyLifetimeMinutes", "subjects"]);
    expect((await api(server.baseUrl, "POST", path, { token: f.tokens.read, body: { issuer: idp.issuer, subjects: ["a:b"] } })).status).toBe(403);
    expect((await api(server.baseUrl, "DELETE", `${path}/${id}`, { token: f.tokens.write })).status).toBe(204);
    expect((await api(server.baseUrl, "DELETE", `${path}/${id}`, { token: f.tokens.write })).status).toBe(404);
    const doc = jsonOf(await api(server.baseUrl, "GET", "/api/v1/openapi.json"));
    expect(Object.keys(doc.paths as object)).toEqual(expect.arrayContaining(["/api/v1/token-exchange", "/api/v1/service-accounts/{id}/trust-policies", "/api/v1/service-accounts/{id}/trust-policies/{policyId}"]));
  });
});

describe("POST /api/v1/token-exchange", () => {
  it("a matching GitHub token → a key of the account, in the policy's workspace and scope, listed with its subject", async () => {
    const token = await github();
    const res = await exchange(server.baseUrl, token);
    expect(res.status, res.text).toBe(200);
    const body = jsonOf(res) as { access_token: string; expires_in: number };
    expect(body).toMatchObject({ issued_token_type: "urn:ietf:params:oauth:token-type:access_token", token_type: "Bearer", expires_in: 300, service_account: f.accounts.restricted.name, workspace: f.ws.teamB.name });
    expect((await auth(body.access_token, f.ws.teamB.name, ["trace_span_thread_log"])).status).toBe(200);
    expect((await auth(body.access_token, f.ws.teamA.name, ["trace_span_thread_log"])).status).toBe(200);
    expect((await auth(body.access_token, f.ws.other.name)).status).toBe(401);
    const read = await auth(body.access_token, f.ws.teamB.name, ["dataset_delete"]);
    expect(read.status).toBe(401);
    const keys = jsonOf(await api(server.baseUrl, "GET", `/api/v1/service-accounts/${f.accounts.restricted.id}/keys`, { token: f.tokens.read })).items as Record<string, unknown>[];
    const issued = keys.find((k) => k.name === `issued to repo:acme/app:ref:refs/heads/main via ${idp.issuer}`)!;
    expect(issued).toMatchObject({ scope: "ingest", issuedTo: { subject: "repo:acme/app:ref:refs/heads/main", issuer: idp.issuer } });
    expect(Date.parse(issued.expiresAt as string) - Date.parse(issued.createdAt as string)).toBeGreaterThanOrEqual(299_000);
    const [event] = await exchangeEvents(server.baseUrl, f.tokens.read, "api_key.exchange", idp.issuer);
    expect(event).toMatchObject({ details: { subject: "repo:acme/app:ref:refs/heads/main", workspace: f.ws.teamB.name } });
    // Revocable like any other key: deleted, refused at once.
    expect((await api(server.baseUrl, "DELETE", `/api/v1/service-accounts/${f.accounts.restricted.id}/keys/${issued.id as string}`, { token: f.tokens.write })).status).toBe(204);
    expect((await auth(body.access_token, f.ws.teamB.name)).status).toBe(401);
  });

  it.runIf(driver === "postgres")("the key stops at its expiry", async () => {
    const res = await exchange(server.baseUrl, await github({ ref: "refs/heads/expiry", sub: "repo:acme/app:ref:refs/heads/expiry" }));
    const key = (jsonOf(res) as { access_token: string }).access_token;
    expect((await auth(key, f.ws.teamB.name)).status).toBe(200);
    // Its expiry reached (set in the database: the server's clock is the real one).
    await server.db!.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.issuedSubject, "repo:acme/app:ref:refs/heads/expiry"));
    await server.announceChange();
    const refused = await auth(key, f.ws.teamB.name);
    expect(refused.status).toBe(401);
    expect(String(jsonOf(refused).msg)).toMatch(/expired/i);
  });

  it("a GitLab token as JSON; the same token twice is refused (its jti)", async () => {
    const token = await idp.sign(idp.gitlab({ project: "acme/ml", aud: AUD }));
    const first = await exchange(server.baseUrl, token, "json");
    expect(first.status, first.text).toBe(200);
    expect(jsonOf(first)).toMatchObject({ service_account: f.accounts.open.name, workspace: null });
    expectOAuthError(await exchange(server.baseUrl, token), 401, "invalid_grant", /exchanged already/, token);
  });

  it.each([
    ["wrong issuer", async () => (await startTestIssuer().then(async (other) => { const t = await other.sign(idp.github({ repository: "acme/app", aud: AUD })); await other.stop(); return t; })), /No trusted pipeline names the issuer/],
    ["wrong audience", () => github({ aud: "https://elsewhere.example.com" }), /audience \(aud\)/],
    ["expired", () => github({ iat: Math.floor(Date.now() / 1000) - 900, nbf: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) - 600 }), /expired \(exp\)/],
    ["not yet valid", () => github({ nbf: Math.floor(Date.now() / 1000) + 600, exp: Math.floor(Date.now() / 1000) + 900 }), /not valid yet \(nbf\)/],
    ["too old", () => github({ iat: Math.floor(Date.now() / 1000) - 7200, nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) + 600 }), /more than 60 minutes ago \(iat\)/],
    ["alg none", async () => idp.unsigned(idp.github({ repository: "acme/app", aud: AUD })), /algorithm \(alg "none"\)/],
    ["HS256 with the issuer's public key", () => idp.hmacWithPublicKey(idp.github({ repository: "acme/app", aud: AUD })), /algorithm \(alg "HS256"\)/],
    ["a fork's subject", () => idp.sign(idp.github({ repository: "mallory/app", aud: AUD, ownerId: "666" })), /subject \(sub\) "repo:mallory\/app/],
    ["a pattern's subject from another owner (claim condition)", () => github({ repository_owner_id: "666" }), /claim repository_owner_id \("666"\)/],
    ["a missing claim", () => github({ repository_owner_id: undefined }), /repository_owner_id is missing/],
  ])("%s: 401 invalid_grant, audited", async (_label, make, description) => {
    const token = await make();
    const res = await exchange(server.baseUrl, token);
    expectOAuthError(res, 401, "invalid_grant", description, token);
    const body = JSON.parse(res.text) as { error_description: string };
    const events = await exchangeEvents(server.baseUrl, f.tokens.read, "api_key.exchange_refused", JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).iss);
    expect(events.map((e) => e.details!.reason)).toContain(body.error_description);
  });

  it("bad requests: 400 invalid_request (a token over 16 KB, not a JWT, wrong grant), 415, never a 5xx", async () => {
    const big = await github({ padding: "x".repeat(13 * 1024) });
    expectOAuthError(await exchange(server.baseUrl, big), 400, "invalid_request", /larger than 16 KB/);
    expectOAuthError(await exchange(server.baseUrl, "x".repeat(30 * 1024)), 413, "invalid_request", /larger than 24 KB/);
    expectOAuthError(await exchange(server.baseUrl, "not.a.jwt"), 400, "invalid_request", /not a JWT/);
    expectOAuthError(await exchange(server.baseUrl, await github(), "form", { grant_type: "client_credentials" }), 400, "unsupported_grant_type", /grant_type/);
    expectOAuthError(await exchange(server.baseUrl, await github(), "form", { subject_token_type: "urn:x" }), 400, "invalid_request", /subject_token_type/);
    const text = await postJson(server.baseUrl, "/api/v1/token-exchange", "grant_type=x", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    const get = await api(server.baseUrl, "GET", "/api/v1/token-exchange");
    expect(get.status).toBe(405);
  });
});
