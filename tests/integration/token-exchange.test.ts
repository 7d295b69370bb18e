// Keyless CI's exchange (issue 29) in-process against a real issuer on loopback (tests/support/
// test-issuer.ts), both drivers: the key it mints, its expiry on the clock, the clean-up of issued
// keys, the jti record, the audit events. tests/contract/token-exchange*.test.ts cover HTTP.
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { listApiKeys } from "@/db/queries/api-keys";
import { apiKeys, auditEvents } from "@/db/schema";
import { exchangedTokens } from "@/db/schema-trust";
import { setClock } from "@/lib/clock";
import { exchangeToken } from "@/lib/domain/token-exchange";
import { createTrustPolicy } from "@/lib/domain/trust-policies";
import { forgetIssuers } from "@/lib/token-exchange/issuer-keys";
import { trustPolicySchema } from "@/lib/validations/trust-policies";
import { verifyApiKey } from "@/lib/verify";
import { newAccount, newWorkspace } from "../support/api-key-fixtures";
import { CLIENT_ADDRESS } from "../support/db-helpers";
import { createAdministrator, signAs } from "../support/fixtures";
import { startTestIssuer, type TestIssuer } from "../support/test-issuer";

const AUD = "https://sa.example.test";
let admin: AdministratorDto;
let idp: TestIssuer;

beforeAll(async () => {
  admin = await createAdministrator("admin");
  idp = await startTestIssuer();
});
beforeEach(() => signAs(admin));
afterEach(() => setClock(null));
afterAll(async () => {
  await idp?.stop();
  forgetIssuers();
});

async function trust(serviceAccountId: string, fields: Record<string, unknown>) {
  const made = await createTrustPolicy(trustPolicySchema.parse({ serviceAccountId, issuer: idp.issuer, audience: AUD, ...fields }), { actor: { id: admin.id, email: admin.email }, clientAddress: CLIENT_ADDRESS });
  if (!made.ok) throw new Error(made.message);
  return made.data!;
}

const refusalsOf = (issuer: string) =>
  getDb()
    .select({ details: auditEvents.details, targetId: auditEvents.targetId })
    .from(auditEvents)
    .where(eq(auditEvents.action, "api_key.exchange_refused"))
    .then((rows) => rows.filter((r) => (r.details as { issuer?: string } | null)?.issuer === issuer));

describe("exchangeToken", () => {
  it("mints a key of the policy's account, scope and workspace that stops at its expiry", async () => {
    const [ws, other] = [await newWorkspace(), await newWorkspace()];
    const account = await newAccount({ authorizedWorkspaceIds: [ws.id, other.id], defaultWorkspaceId: other.id });
    await trust(account.id, { subjects: ["repo:acme/app:ref:refs/heads/*"], claims: { repository_owner_id: "1001" }, scope: "ingest", keyLifetimeMinutes: "10", defaultWorkspaceId: ws.id });
    const token = await idp.sign(idp.github({ repository: "acme/app", aud: AUD }));
    const start = Date.now();
    setClock(() => start);
    const result = await exchangeToken(token, CLIENT_ADDRESS);
    expect(result).toMatchObject({ ok: true, expiresInS: 600, serviceAccount: account.name, workspace: ws.name });
    const key = result.ok ? result.key : "";
    const ok = await verifyApiKey(key, ws.name);
    expect(ok).toMatchObject({ valid: true });
    expect(ok.valid && ok.scope).toMatchObject({ name: "ingest" });
    const [listed] = await listApiKeys(getDb(), account.id);
    expect(listed).toMatchObject({ name: "issued to repo:acme/app:ref:refs/heads/main via " + idp.issuer, issuedSubject: "repo:acme/app:ref:refs/heads/main", issuedIssuer: idp.issuer, scope: "ingest" });
    expect(listed!.expiresAt!.getTime()).toBe(start + 600_000);
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, listed!.id));
    expect(event).toMatchObject({ action: "api_key.exchange", actorId: null, clientAddress: CLIENT_ADDRESS });
    expect(event!.details).toMatchObject({ issuer: idp.issuer, subject: "repo:acme/app:ref:refs/heads/main", workspace: ws.name });
    setClock(() => start + 600_000 - 1);
    expect(await verifyApiKey(key, ws.name)).toMatchObject({ valid: true });
    setClock(() => start + 600_000);
    expect(await verifyApiKey(key, ws.name)).toMatchObject({ valid: false });
  });

  it("refuses a replayed jti and records the token until it could no longer be accepted", async () => {
    const account = await newAccount();
    await trust(account.id, { subjects: ["project_path:acme/app:ref_type:branch:ref:main"], claims: { namespace_path: "acme" } });
    const token = await idp.sign(idp.gitlab({ project: "acme/app", aud: AUD }));
    expect(await exchangeToken(token, CLIENT_ADDRESS)).toMatchObject({ ok: true });
    expect(await exchangeToken(token, CLIENT_ADDRESS)).toMatchObject({ ok: false, status: 401, error: "invalid_grant", description: expect.stringMatching(/exchanged already/) });
    const [row] = await getDb().select().from(exchangedTokens).where(eq(exchangedTokens.issuer, idp.issuer));
    expect(row).toBeTruthy();
    expect(await listApiKeys(getDb(), account.id)).toHaveLength(1);
  });

  it("removes issued keys a day after they expire, on the account's next exchange", async () => {
    const account = await newAccount();
    await trust(account.id, { subjects: ["repo:acme/cleanup:environment:*"] });
    const start = Date.now();
    setClock(() => start);
    expect(await exchangeToken(await idp.sign(idp.github({ repository: "acme/cleanup", environment: "prod", aud: AUD })), null)).toMatchObject({ ok: true });
    // 15 minutes plus a day later, the first key is gone when the next one is minted (tokens are fresh: jose reads currentDate from the clock).
    const later = start + 15 * 60_000 + 24 * 3_600_000 + 1;
    setClock(() => later);
    const token = await idp.sign(idp.github({ repository: "acme/cleanup", environment: "prod", aud: AUD }), { nowS: Math.floor(later / 1000) });
    expect(await exchangeToken(token, null)).toMatchObject({ ok: true });
    const keys = await listApiKeys(getDb(), account.id);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.expiresAt!.getTime()).toBe(later + 15 * 60_000);
  });

  it("refuses without fetching from an issuer no policy names, and audits it", async () => {
    const stranger = await startTestIssuer();
    try {
      const token = await stranger.sign({ aud: AUD, sub: "repo:acme/app:ref:refs/heads/main" });
      expect(await exchangeToken(token, CLIENT_ADDRESS)).toMatchObject({ ok: false, status: 401, description: expect.stringMatching(/No trusted pipeline names the issuer/) });
      expect(stranger.fetches).toEqual({ discovery: 0, jwks: 0 });
      const [audit] = await refusalsOf(stranger.issuer);
      expect(audit!.details).toMatchObject({ error: "invalid_grant", subject: "repo:acme/app:ref:refs/heads/main" });
      expect(JSON.stringify(audit)).not.toContain(token);
    } finally {
      await stranger.stop();
    }
  });

  it("matches on two accounts are refused, however specific one of them is", async () => {
    const [a, b] = [await newAccount(), await newAccount()];
    await trust(a.id, { subjects: ["repo:acme/shared:ref:refs/heads/main"] });
    await trust(b.id, { subjects: ["repo:acme/shared:ref:*"] });
    const token = await idp.sign(idp.github({ repository: "acme/shared", aud: AUD }));
    expect(await exchangeToken(token, null)).toMatchObject({ ok: false, description: expect.stringMatching(/more than one service account/) });
    expect(await getDb().select().from(apiKeys).where(eq(apiKeys.serviceAccountId, a.id))).toHaveLength(0);
  });
});
