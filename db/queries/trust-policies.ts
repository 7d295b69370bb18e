// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { and, asc, count, eq, inArray, lt, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { apiKeys, serviceAccounts, serviceAccountWorkspaces, workspaces, type KeyScope } from "../schema";
import { exchangedTokens, trustPolicies } from "../schema-trust";

/** A service account holds at most this many trusted pipelines (each one is checked on every exchange for its issuer). */
export const MAX_POLICIES_PER_ACCOUNT = 50;

/** What a trusted pipeline is made of (Add and Edit write these). */
export type TrustPolicyValues = {
  name: string | null;
  issuer: string;
  audience: string;
  subjects: string[];
  claims: Record<string, string>;
  keyLifetimeMinutes: number;
  scope: KeyScope;
  permissions: string[] | null;
  defaultWorkspaceId: string | null;
};

/** A trusted pipeline as the API and the dashboard show it. */
export type TrustPolicyDto = Omit<TrustPolicyValues, "defaultWorkspaceId"> & {
  id: string;
  serviceAccountId: string;
  defaultWorkspace: { id: string; name: string } | null;
  createdAt: Date;
  updatedAt: Date;
};

const columns = {
  id: trustPolicies.id,
  serviceAccountId: trustPolicies.serviceAccountId,
  name: trustPolicies.name,
  issuer: trustPolicies.issuer,
  audience: trustPolicies.audience,
  subjects: trustPolicies.subjects,
  claims: trustPolicies.claims,
  keyLifetimeMinutes: trustPolicies.keyLifetimeMinutes,
  scope: trustPolicies.scope,
  permissions: trustPolicies.permissions,
  workspaceId: workspaces.id,
  workspaceName: workspaces.name,
  createdAt: trustPolicies.createdAt,
  updatedAt: trustPolicies.updatedAt,
};

type Row = { workspaceId: string | null; workspaceName: string | null } & Omit<TrustPolicyDto, "defaultWorkspace">;
const dto = ({ workspaceId, workspaceName, ...row }: Row): TrustPolicyDto => ({
  ...row,
  defaultWorkspace: workspaceId && workspaceName !== null ? { id: workspaceId, name: workspaceName } : null,
});

export async function listTrustPolicies(db: Db | Tx, serviceAccountId: string): Promise<TrustPolicyDto[]> {
  const rows = await db
    .select(columns)
    .from(trustPolicies)
    .leftJoin(workspaces, eq(workspaces.id, trustPolicies.defaultWorkspaceId))
    .where(eq(trustPolicies.serviceAccountId, serviceAccountId))
    .orderBy(asc(trustPolicies.createdAt), asc(trustPolicies.id))
    .limit(MAX_POLICIES_PER_ACCOUNT);
  return rows.map(dto);
}

export async function findTrustPolicy(db: Db | Tx, serviceAccountId: string, policyId: string): Promise<TrustPolicyDto | null> {
  const [row] = await db
    .select(columns)
    .from(trustPolicies)
    .leftJoin(workspaces, eq(workspaces.id, trustPolicies.defaultWorkspaceId))
    .where(and(eq(trustPolicies.id, policyId), eq(trustPolicies.serviceAccountId, serviceAccountId)));
  return row ? dto(row) : null;
}

export async function countTrustPolicies(tx: Db | Tx, serviceAccountId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(trustPolicies).where(eq(trustPolicies.serviceAccountId, serviceAccountId));
  return row?.n ?? 0;
}

export async function insertTrustPolicy(tx: Tx, input: TrustPolicyValues & { serviceAccountId: string; createdBy: string | null }): Promise<string> {
  const [row] = await tx.insert(trustPolicies).values(input).returning({ id: trustPolicies.id });
  if (!row) throw new Error("insert returned no row");
  return row.id;
}

export async function updateTrustPolicyRow(tx: Tx, serviceAccountId: string, policyId: string, values: TrustPolicyValues): Promise<boolean> {
  const rows = await tx
    .update(trustPolicies)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(trustPolicies.id, policyId), eq(trustPolicies.serviceAccountId, serviceAccountId)))
    .returning({ id: trustPolicies.id });
  return rows.length > 0;
}

export async function deleteTrustPolicyRow(tx: Tx, serviceAccountId: string, policyId: string) {
  const [row] = await tx
    .delete(trustPolicies)
    .where(and(eq(trustPolicies.id, policyId), eq(trustPolicies.serviceAccountId, serviceAccountId)))
    .returning({ id: trustPolicies.id, name: trustPolicies.name, issuer: trustPolicies.issuer });
  return row ?? null;
}

/** The account's authorized workspaces (empty = every workspace). */
export async function authorizedWorkspaceIdsOf(db: Db | Tx, serviceAccountId: string): Promise<string[]> {
  const rows = await db.select({ id: serviceAccountWorkspaces.workspaceId }).from(serviceAccountWorkspaces).where(eq(serviceAccountWorkspaces.serviceAccountId, serviceAccountId));
  return rows.map((r) => r.id);
}

/** A policy the exchange weighs: its account's name, state and workspaces come along. */
export type ExchangePolicy = {
  id: string;
  serviceAccountId: string;
  accountName: string;
  accountDisabledAt: Date | null;
  accountDefaultWorkspaceId: string | null;
  name: string | null;
  audience: string;
  subjects: string[];
  claims: Record<string, string>;
  keyLifetimeMinutes: number;
  scope: KeyScope;
  permissions: string[] | null;
  defaultWorkspaceId: string | null;
  createdAt: Date;
};

/** Every trusted pipeline naming `issuer` exactly (an index lookup). */
export async function trustPoliciesOfIssuer(db: Db | Tx, issuer: string): Promise<ExchangePolicy[]> {
  return db
    .select({
      id: trustPolicies.id,
      serviceAccountId: trustPolicies.serviceAccountId,
      accountName: serviceAccounts.name,
      accountDisabledAt: serviceAccounts.disabledAt,
      accountDefaultWorkspaceId: serviceAccounts.defaultWorkspaceId,
      name: trustPolicies.name,
      audience: trustPolicies.audience,
      subjects: trustPolicies.subjects,
      claims: trustPolicies.claims,
      keyLifetimeMinutes: trustPolicies.keyLifetimeMinutes,
      scope: trustPolicies.scope,
      permissions: trustPolicies.permissions,
      defaultWorkspaceId: trustPolicies.defaultWorkspaceId,
      createdAt: trustPolicies.createdAt,
    })
    .from(trustPolicies)
    .innerJoin(serviceAccounts, eq(serviceAccounts.id, trustPolicies.serviceAccountId))
    .where(eq(trustPolicies.issuer, issuer))
    .orderBy(asc(trustPolicies.createdAt), asc(trustPolicies.id))
    .limit(1000);
}

/** Whether the issuer is named by any policy at all (before anything is fetched from it). */
export async function issuerIsTrusted(db: Db | Tx, issuer: string): Promise<boolean> {
  const [row] = await db.select({ id: trustPolicies.id }).from(trustPolicies).where(eq(trustPolicies.issuer, issuer)).limit(1);
  return Boolean(row);
}

export async function workspaceNamesOf(db: Db | Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: workspaces.id, name: workspaces.name }).from(workspaces).where(inArray(workspaces.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Records an exchanged token; false when it was exchanged before (on any instance: the primary
 * key decides). Rows whose token can no longer be accepted are deleted first.
 */
export async function recordExchangedToken(tx: Tx, input: { issuer: string; jti: string; expiresAt: Date }, nowAt: Date): Promise<boolean> {
  await tx.delete(exchangedTokens).where(lt(exchangedTokens.expiresAt, nowAt));
  const rows = await tx.insert(exchangedTokens).values(input).onConflictDoNothing().returning({ jti: exchangedTokens.jti });
  return rows.length > 0;
}

/** Keys a token exchange minted for the account that expired before `before` (a day ago): deleted. */
export async function deleteIssuedKeysExpiredBefore(tx: Tx, serviceAccountId: string, before: Date): Promise<number> {
  const rows = await tx
    .delete(apiKeys)
    .where(and(eq(apiKeys.serviceAccountId, serviceAccountId), sql`${apiKeys.issuedIssuer} is not null`, lt(apiKeys.expiresAt, before)))
    .returning({ id: apiKeys.id });
  return rows.length;
}
