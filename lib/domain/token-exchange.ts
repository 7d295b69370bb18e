// No "server-only" guard: server.ts loads this for the token exchange (lib/api), outside Next.js.
import { createHash } from "node:crypto";
import { getDb } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit";
import { lockServiceAccount } from "@/db/queries/service-accounts";
import { MAX_KEYS_PER_ACCOUNT } from "@/db/queries/api-keys";
import {
  authorizedWorkspaceIdsOf,
  deleteIssuedKeysExpiredBefore,
  recordExchangedToken,
  trustPoliciesOfIssuer,
  workspaceNamesOf,
  type ExchangePolicy,
} from "@/db/queries/trust-policies";
import { now } from "@/lib/clock";
import { DAY_MS } from "@/lib/keys/lifecycle";
import { matchPolicy } from "@/lib/token-exchange/match-policy";
import { CLOCK_SKEW_S, inspectToken, MAX_TOKEN_AGE_S, verifyToken, type Refusal } from "@/lib/token-exchange/verify-token";
import { insertKeyWithAudit } from "./api-keys";

/**
 * Keyless CI (issue 29, docs/keyless-ci.md): a pipeline's identity token, verified against its
 * issuer, matched to the most specific trusted pipeline, traded for an ordinary API key of that
 * account that lives the policy's minutes. Success and every refusal are audited
 * (`api_key.exchange`, `api_key.exchange_refused`); the key and its audit event share a
 * transaction with the record of the token's `jti`, so a token is exchanged once, on any instance.
 */
export type Exchanged = {
  ok: true;
  key: string;
  expiresInS: number;
  serviceAccount: string;
  workspace: string | null;
};

/** A refusal, with the issuer the token named (if any) for the audit record. */
export type ExchangeRefusal = Refusal & { issuer: string | null };

const refused = (refusal: Refusal, issuer: string | null): ExchangeRefusal => ({ ...refusal, issuer });
const grant = (description: string) => ({ ok: false as const, status: 401 as const, error: "invalid_grant" as const, description });

async function auditRefusal(refusal: ExchangeRefusal, subject: string | null, account: { id: string; name: string } | null, clientAddress: string | null): Promise<void> {
  await getDb().transaction((tx) =>
    recordAuditEvent(tx, {
      actor: null,
      action: "api_key.exchange_refused",
      targetType: "service_account",
      targetId: account?.id ?? null,
      targetName: account?.name ?? null,
      clientAddress,
      details: { issuer: refusal.issuer?.slice(0, 500) ?? null, subject, error: refusal.error, reason: refusal.description },
    }),
  );
}

/** The workspace an issued key is for: the policy's while the account may still use it, else the account's default. */
async function workspaceOf(policy: ExchangePolicy): Promise<string | null> {
  const authorized = await authorizedWorkspaceIdsOf(getDb(), policy.serviceAccountId);
  const usable = policy.defaultWorkspaceId && (authorized.length === 0 || authorized.includes(policy.defaultWorkspaceId));
  const id = usable ? policy.defaultWorkspaceId : policy.accountDefaultWorkspaceId;
  return id ? ((await workspaceNamesOf(getDb(), [id])).get(id) ?? null) : null;
}

export async function exchangeToken(token: string, clientAddress: string | null): Promise<Exchanged | ExchangeRefusal> {
  const seen = inspectToken(token);
  if (!seen.ok) {
    const { issuer, ...refusal } = seen;
    const out = refused(refusal, issuer);
    await auditRefusal(out, null, null, clientAddress);
    return out;
  }
  const { issuer, subject } = seen;
  const fail = async (refusal: Refusal, account: { id: string; name: string } | null = null) => {
    const out = refused(refusal, issuer);
    await auditRefusal(out, subject, account, clientAddress);
    return out;
  };
  // Only issuers an administrator named are ever fetched from (no request to a URL a caller chose).
  const policies = await trustPoliciesOfIssuer(getDb(), issuer);
  if (policies.length === 0) return fail(grant(`No trusted pipeline names the issuer (iss) "${issuer.slice(0, 200)}"`));
  const nowMs = now();
  const verified = await verifyToken(token, issuer, [...new Set(policies.map((p) => p.audience))], nowMs);
  if (!verified.ok) return fail(verified);
  const match = matchPolicy(policies, verified.claims);
  if (!match.ok) return fail(grant(match.description));
  const policy = match.policy;
  const account = { id: policy.serviceAccountId, name: policy.accountName };
  if (policy.accountDisabledAt) return fail(grant(`The service account "${account.name}" is disabled`), account);
  const workspace = await workspaceOf(policy);
  // The token's own id, or its hash when it has none (Kubernetes tokens before 1.29): either way once.
  const jti = typeof verified.claims.jti === "string" && verified.claims.jti !== "" ? verified.claims.jti.slice(0, 500) : `sha256:${createHash("sha256").update(token).digest("base64url")}`;
  // Long enough to outlive every instant the token could still be accepted at.
  const acceptableUntil = Math.min(verified.claims.exp! * 1000, (verified.claims.iat! + MAX_TOKEN_AGE_S) * 1000) + CLOCK_SKEW_S * 1000;
  const lifetimeMs = policy.keyLifetimeMinutes * 60_000;
  const result = await getDb().transaction(async (tx) => {
    const locked = await lockServiceAccount(tx, account.id);
    if (!locked) return grant(`The service account "${account.name}" no longer exists`);
    if (!(await recordExchangedToken(tx, { issuer, jti, expiresAt: new Date(acceptableUntil) }, new Date(nowMs)))) {
      return grant("This token was exchanged already (its jti): request a new token for each exchange");
    }
    // Issued keys go a day after they expire; at the key limit, every expired one goes now.
    let removed = await deleteIssuedKeysExpiredBefore(tx, account.id, new Date(nowMs - DAY_MS));
    if (locked.apiKeyCount - removed >= MAX_KEYS_PER_ACCOUNT) removed += await deleteIssuedKeysExpiredBefore(tx, account.id, new Date(nowMs));
    const created = await insertKeyWithAudit(
      tx,
      { ...locked, apiKeyCount: locked.apiKeyCount - removed },
      {
        name: `issued to ${match.subject} via ${issuer}`.slice(0, 600),
        expiresAt: new Date(nowMs + lifetimeMs),
        lifetimeS: null,
        scope: policy.scope,
        permissions: policy.permissions,
        issuedSubject: match.subject.slice(0, 500),
        issuedIssuer: issuer,
      },
      { actor: null, clientAddress },
      "api_key.exchange",
      { issuer, subject: match.subject, trustPolicyId: policy.id, trustPolicyName: policy.name, workspace, jti, ...(removed > 0 ? { expiredIssuedKeysRemoved: removed } : {}) },
    );
    if (!created.ok) return grant(created.message);
    return { ok: true as const, key: created.data!.key };
  });
  if (!result.ok) return fail(result, account);
  return { ok: true, key: result.key, expiresInS: lifetimeMs / 1000, serviceAccount: account.name, workspace };
}
