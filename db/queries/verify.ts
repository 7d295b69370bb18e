import { PGlite } from "@electric-sql/pglite";
import { eq, Placeholder, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../client";
import { withoutParameters } from "../query-errors";
import { apiKeys, keyPolicy, serviceAccounts, serviceAccountWorkspaces, workspaces, type KeyScope } from "../schema";

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
  keyName: string | null;
  keyHint: string;
  keyCreatedAt: Date;
  keyDisabled: boolean;
  accountDisabled: boolean;
  expiresAt: Date | null;
  graceEndsAt: Date | null;
  /** The key policy's maximum lifetime (days), applied to every key on every check; null = none. */
  maxLifetimeDays: number | null;
  scope: KeyScope;
  /** A custom scope's permissions; null for presets. */
  permissions: string[] | null;
};

function lookupQuery(db: Db | Tx) {
  const linked = (workspaceId: unknown) =>
    sql<boolean>`exists (select 1 from ${serviceAccountWorkspaces} saw
      where saw.service_account_id = ${serviceAccounts.id} and saw.workspace_id = ${workspaceId})`;
  return db
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
      keyName: apiKeys.name,
      keyHint: apiKeys.hint,
      keyCreatedAt: apiKeys.createdAt,
      keyDisabled: sql<boolean>`${apiKeys.disabledAt} is not null`,
      accountDisabled: sql<boolean>`${serviceAccounts.disabledAt} is not null`,
      expiresAt: apiKeys.expiresAt,
      graceEndsAt: apiKeys.graceEndsAt,
      maxLifetimeDays: sql<number | null>`(select ${keyPolicy.maxLifetimeDays} from ${keyPolicy} where ${keyPolicy.id} = 1)`,
      scope: apiKeys.scope,
      permissions: apiKeys.permissions,
    })
    .from(apiKeys)
    .innerJoin(serviceAccounts, eq(serviceAccounts.id, apiKeys.serviceAccountId))
    .leftJoin(defaultWorkspace, eq(defaultWorkspace.id, serviceAccounts.defaultWorkspaceId))
    .leftJoin(requestedWorkspace, sql`lower(${requestedWorkspace.name}) = lower(${sql.placeholder("workspaceName")})`)
    .where(eq(apiKeys.hash, sql.placeholder("hash")));
}

const buildLookup = (db: Db | Tx) => lookupQuery(db).prepare("verify_lookup_key");

// Built once per database handle: the SQL text is generated once, and on Postgres it runs as a
// named prepared statement (postgres.js keeps it per connection), so Postgres parses and plans it
// once per connection instead of on every check. Planning was ~85% of the query's server time
// (EXPLAIN ANALYZE: 0.6 ms planning, 0.09 ms execution; README "Benchmarks").
const prepared = new WeakMap<Db | Tx, ReturnType<typeof buildLookup>>();

/**
 * The one query of a key check: the key by its hash (unique index), its account, the account's
 * default workspace, and the requested workspace by name (case-insensitive index) with whether the
 * account may use each. No row means no such key (deleted keys and keys of deleted accounts are gone).
 */
export async function lookupKey(db: Db | Tx, hash: string, workspaceName: string | null): Promise<KeyLookup | null> {
  const client = (db as { $client?: unknown }).$client;
  if (client instanceof PGlite) return lookupOnPglite(db, client, hash, workspaceName ?? "");
  let query = prepared.get(db);
  if (!query) {
    query = buildLookup(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({ hash, workspaceName: workspaceName ?? "" });
  return row ?? null;
}

/*
 * PGlite plans every parameterised query anew (it has no named statements in its API, and EXECUTE
 * takes no bind parameters), and in WebAssembly planning is most of a check. So the lookup is a
 * PREPAREd statement of the one PGlite session, run with EXECUTE and its two values written as
 * literals: 2.5x fewer milliseconds per lookup (README "Benchmarks"). Only these two shapes are
 * ever written into SQL, checked here again whatever the caller checked: a SHA-256 in hex, and a
 * workspace name of letters, digits and "-" (lib/verify lets nothing else through) or "".
 */
const PGLITE_STATEMENT = "verify_lookup_key";
/** Array rows come without drizzle's column mapping: timestamps may arrive as Date or as text. */
const asDate = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value)));
const HASH_LITERAL = /^[0-9a-f]{64}$/;
const NAME_LITERAL = /^[a-z0-9-]{0,63}$/i;
const preparedOnPglite = new WeakSet<PGlite>();

async function lookupOnPglite(db: Db | Tx, client: PGlite, hash: string, workspaceName: string): Promise<KeyLookup | null> {
  if (!HASH_LITERAL.test(hash) || !NAME_LITERAL.test(workspaceName)) throw new Error("lookupKey: a key hash or workspace name of an impossible shape");
  if (!preparedOnPglite.has(client)) {
    const query = lookupQuery(db).toSQL();
    const order = query.params.map((p) => (p instanceof Placeholder ? p.name : null));
    if (order.join() !== "workspaceName,hash") throw new Error(`lookupKey: unexpected parameters (${order.join()})`);
    await client.exec(`prepare ${PGLITE_STATEMENT} (text, text) as ${query.sql}`);
    preparedOnPglite.add(client);
  }
  const { rows } = await client
    .query<unknown[]>(`execute ${PGLITE_STATEMENT}('${workspaceName}', '${hash}')`, [], { rowMode: "array" })
    // PGlite's error holds the statement text, literals included: rebuilt without them (db/query-errors.ts).
    .catch((error: unknown) => Promise.reject(withoutParameters(error, `execute ${PGLITE_STATEMENT}($1, $2)`, [workspaceName, hash])));
  const row = rows[0];
  if (!row) return null;
  const [keyId, serviceAccountId, serviceAccountName, defaultWorkspaceId, defaultWorkspaceName, requestedWorkspaceId, requestedWorkspaceName, restricted, requestedAuthorized, defaultAuthorized,
    keyName, keyHint, keyCreatedAt, keyDisabled, accountDisabled, expiresAt, graceEndsAt, maxLifetimeDays, scope, permissions] = row;
  return {
    keyId, serviceAccountId, serviceAccountName, defaultWorkspaceId, defaultWorkspaceName,
    requestedWorkspaceId, requestedWorkspaceName, restricted, requestedAuthorized, defaultAuthorized,
    keyName, keyHint, keyCreatedAt: asDate(keyCreatedAt), keyDisabled, accountDisabled,
    expiresAt: asDate(expiresAt), graceEndsAt: asDate(graceEndsAt), maxLifetimeDays, scope, permissions,
  } as KeyLookup;
}
