import { eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../client";
import { apiKeys, serviceAccounts, serviceAccountWorkspaces, workspaces } from "../schema";

const defaultWorkspace = alias(workspaces, "default_workspace");
const requestedWorkspace = alias(workspaces, "requested_workspace");

export type KeyLookup = {
  keyId: string;
  serviceAccountId: string;
  serviceAccountName: string;
  defaultWorkspaceId: string | null;
  defaultWorkspaceName: string | null;
  requestedWorkspaceId: string | null;
  requestedWorkspaceName: string | null;
  /** The account has a non-empty authorized set (otherwise it may use every workspace). */
  restricted: boolean;
  requestedAuthorized: boolean;
  defaultAuthorized: boolean;
};

/**
 * The one query of a key check: the key by its hash (unique index), its account, the account's
 * default workspace, and the requested workspace by name (case-insensitive index) with whether the
 * account may use each. No row means no such key (deleted keys and keys of deleted accounts are gone).
 */
export async function lookupKey(db: Db | Tx, hash: string, workspaceName: string | null): Promise<KeyLookup | null> {
  const linked = (workspaceId: unknown) =>
    sql<boolean>`exists (select 1 from ${serviceAccountWorkspaces} saw
      where saw.service_account_id = ${serviceAccounts.id} and saw.workspace_id = ${workspaceId})`;
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      serviceAccountId: serviceAccounts.id,
      serviceAccountName: serviceAccounts.name,
      defaultWorkspaceId: defaultWorkspace.id,
      defaultWorkspaceName: defaultWorkspace.name,
      requestedWorkspaceId: requestedWorkspace.id,
      requestedWorkspaceName: requestedWorkspace.name,
      restricted: sql<boolean>`exists (select 1 from ${serviceAccountWorkspaces} saw
        where saw.service_account_id = ${serviceAccounts.id})`,
      requestedAuthorized: linked(requestedWorkspace.id),
      defaultAuthorized: linked(defaultWorkspace.id),
    })
    .from(apiKeys)
    .innerJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.serviceAccountId))
    .leftJoin(defaultWorkspace, eq(defaultWorkspace.id, serviceAccounts.defaultWorkspaceId))
    .leftJoin(requestedWorkspace, sql`lower(${requestedWorkspace.name}) = lower(${workspaceName ?? ""})`)
    .where(eq(apiKeys.hash, hash))
    .limit(1);
  return row ?? null;
}
