// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { likeContains } from "./like";
import { apiKeys, keyPolicy, serviceAccounts, serviceAccountWorkspaces, workspaces } from "../schema";

/** One page request of the Service Accounts table, as lib/validations/service-accounts.ts reads it from the URL. */
export type ServiceAccountListParams = {
  q: string;
  sort: "name" | "createdAt" | "lastUsedAt";
  dir: "asc" | "desc";
  page: number;
  size: number;
};

export type ServiceAccountRow = {
  id: string;
  name: string;
  description: string | null;
  defaultWorkspace: { id: string; name: string } | null;
  authorizedWorkspaces: { id: string; name: string }[];
  apiKeyCount: number;
  lastUsedAt: Date | null;
  createdAt: Date;
  disabledAt: Date | null;
  /** The earliest end of an enabled key within EXPIRING_SOON_DAYS (not yet reached); null = none. */
  keyExpiresSoonAt: Date | null;
  /** What Edit service account was opened on (revisionOf). */
  revision: string;
};

/** The editable state of an account, as Edit service account saw it and replaces it. */
export type ServiceAccountState = {
  name: string;
  description: string | null;
  defaultWorkspaceId: string | null;
  authorizedWorkspaceIds: string[];
};

/**
 * A fingerprint of the editable state: an edit posts the one its form was opened on, and is refused
 * when the account has changed since (someone else saved), so nobody undoes a change they never saw.
 * base64url, so that nothing in a page looks like a key hash (hex).
 */
export function revisionOf(state: ServiceAccountState): string {
  const ids = [...state.authorizedWorkspaceIds].sort();
  return createHash("sha256").update(JSON.stringify([state.name, state.description ?? null, state.defaultWorkspaceId ?? null, ids])).digest("base64url");
}

export const EXPIRING_SOON_DAYS = 7;

export type ServiceAccountPage = { rows: ServiceAccountRow[]; total: number; page: number; pageCount: number };

export { likeContains } from "./like";

// Correlated subqueries name the outer column in full: drizzle leaves single-table selects
// unqualified, and a bare "id" would bind to the subquery's own table.
const keyCountOf = sql<number>`(select count(*)::int from ${apiKeys} k where k.service_account_id = "service_accounts"."id")`;

/**
 * When a key of the account stops working within EXPIRING_SOON_DAYS of `at`: the earliest end of an
 * enabled, never rolled key still valid at `at`, an end being the first of its expiry and its
 * creation plus the policy's maximum lifetime (lib/verify's rule; days of exactly 24 hours, as
 * there). A rolled key (grace_ends_at set) is left out: its grace period ending is the roll going as
 * planned, and its replacement is what matters (issue 27). One index scan of the account's keys
 * (api_keys_service_account_idx) per row of the page.
 */
function keyExpiresSoonOf(at: Date) {
  const end = sql`least(k.expires_at, k.created_at + p.max_lifetime_days * interval '24 hours')`;
  const until = new Date(at.getTime() + EXPIRING_SOON_DAYS * 24 * 60 * 60 * 1000);
  return sql<Date | null>`(
    select min(${end}) from ${apiKeys} k left join ${keyPolicy} p on p.id = 1
    where k.service_account_id = "service_accounts"."id" and k.disabled_at is null and k.grace_ends_at is null
      and ${end} > ${at.toISOString()}::timestamptz and ${end} <= ${until.toISOString()}::timestamptz
  )`.mapWith(apiKeys.expiresAt);
}

/**
 * The table's order; `reverse` reads it from the other end (every key flipped, never-used accounts
 * first), so the page-of-ids query can start from whichever end of the index is nearer.
 */
function orderBy(params: ServiceAccountListParams, reverse = false): SQL[] {
  const ascending = (params.dir === "asc") !== reverse;
  const direction = ascending ? asc : desc;
  switch (params.sort) {
    case "name":
      return [direction(sql`lower(${serviceAccounts.name})`), direction(serviceAccounts.id)];
    case "lastUsedAt":
      // Never-used accounts go last in either direction. Both placements have an index (schema.ts).
      return [
        sql`${serviceAccounts.lastUsedAt} ${sql.raw(ascending ? "asc" : "desc")} nulls ${sql.raw(reverse ? "first" : "last")}`,
        direction(serviceAccounts.id),
      ];
    default:
      return [direction(serviceAccounts.createdAt), direction(serviceAccounts.id)];
  }
}

/** One page of the Service Accounts table: filtered, sorted and paginated in SQL. `at`: the time "expires soon" counts from. */
export async function listServiceAccounts(db: Db | Tx, params: ServiceAccountListParams, at: Date = new Date(), onlyId?: string): Promise<ServiceAccountPage> {
  const search = params.q ? sql`lower(${serviceAccounts.name}) like ${likeContains(params.q)}` : undefined;
  const where = onlyId ? and(eq(serviceAccounts.id, onlyId), search) : search;
  const [totalRow] = await db.select({ n: count() }).from(serviceAccounts).where(where);
  const total = totalRow?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / params.size));
  const page = Math.min(params.page, pageCount);

  const authorized = sql<{ id: string; name: string }[]>`coalesce((
    select json_agg(json_build_object('id', w.id, 'name', w.name) order by w.name)
    from ${serviceAccountWorkspaces} saw join ${workspaces} w on w.id = saw.workspace_id
    where saw.service_account_id = "service_accounts"."id"
  ), '[]'::json)`;

  // The page's ids first, from the narrow sort index alone; the per-row subqueries below then run
  // for these rows only, not for every row an OFFSET skips. OFFSET still walks the index entries it
  // skips, so a page nearer the end is read in reverse order from the end (the last page of 100,000
  // accounts skips none instead of 99,980); the outer query puts its rows back in table order.
  const offset = (page - 1) * params.size;
  const end = Math.min(offset + params.size, total);
  const reverse = total - end < offset;
  const pageIds = db
    .select({ id: serviceAccounts.id })
    .from(serviceAccounts)
    .where(where)
    .orderBy(...orderBy(params, reverse))
    .limit(reverse ? end - offset : params.size)
    .offset(reverse ? total - end : offset)
    .as("page_ids");

  const rows = await db
    .select({
      id: serviceAccounts.id,
      name: serviceAccounts.name,
      description: serviceAccounts.description,
      defaultWorkspaceId: workspaces.id,
      defaultWorkspaceName: workspaces.name,
      authorizedWorkspaces: authorized,
      apiKeyCount: keyCountOf,
      lastUsedAt: serviceAccounts.lastUsedAt,
      createdAt: serviceAccounts.createdAt,
      disabledAt: serviceAccounts.disabledAt,
      keyExpiresSoonAt: keyExpiresSoonOf(at),
    })
    .from(serviceAccounts)
    .innerJoin(pageIds, eq(pageIds.id, serviceAccounts.id))
    .leftJoin(workspaces, eq(workspaces.id, serviceAccounts.defaultWorkspaceId))
    .orderBy(...orderBy(params));

  return {
    total,
    page,
    pageCount,
    rows: rows.map(({ defaultWorkspaceId, defaultWorkspaceName, authorizedWorkspaces, ...row }) => {
      // postgres.js parses json; PGlite too, but a string is tolerated for safety.
      const authorized: { id: string; name: string }[] = typeof authorizedWorkspaces === "string" ? JSON.parse(authorizedWorkspaces) : authorizedWorkspaces;
      const defaultWorkspace = defaultWorkspaceId && defaultWorkspaceName ? { id: defaultWorkspaceId, name: defaultWorkspaceName } : null;
      return {
        ...row,
        defaultWorkspace,
        authorizedWorkspaces: authorized,
        revision: revisionOf({ ...row, defaultWorkspaceId: defaultWorkspace?.id ?? null, authorizedWorkspaceIds: authorized.map((w) => w.id) }),
      };
    }),
  };
}

/** One account as the list shows it (the management API's GET), or null. */
export async function findServiceAccountRow(db: Db | Tx, id: string, at: Date = new Date()): Promise<ServiceAccountRow | null> {
  const page = await listServiceAccounts(db, { q: "", sort: "createdAt", dir: "desc", page: 1, size: 1 }, at, id);
  return page.rows[0] ?? null;
}

/** The name of another account (not `exceptId`) that has this name in any letter case, or null. */
export async function serviceAccountNameTaken(db: Db | Tx, name: string, exceptId?: string): Promise<string | null> {
  const [row] = await db
    .select({ name: serviceAccounts.name })
    .from(serviceAccounts)
    .where(and(eq(sql`lower(${serviceAccounts.name})`, name.toLowerCase()), exceptId ? ne(serviceAccounts.id, exceptId) : undefined))
    .limit(1);
  return row?.name ?? null;
}

/** Returns null when the name is taken in any letter case. */
export async function insertServiceAccount(
  tx: Db | Tx,
  input: { name: string; description: string | null; defaultWorkspaceId: string | null; createdBy: string },
): Promise<{ id: string; name: string } | null> {
  const [row] = await tx
    .insert(serviceAccounts)
    .values(input)
    .onConflictDoNothing()
    .returning({ id: serviceAccounts.id, name: serviceAccounts.name });
  return row ?? null;
}

export async function insertAuthorizedWorkspaces(tx: Db | Tx, serviceAccountId: string, workspaceIds: string[]) {
  if (workspaceIds.length === 0) return;
  await tx.insert(serviceAccountWorkspaces).values(workspaceIds.map((workspaceId) => ({ serviceAccountId, workspaceId })));
}

/**
 * The account with its key count, its row locked until the transaction ends: a key created and the
 * account deleted at the same moment are serialised, so neither sees a half-finished other.
 */
export async function lockServiceAccount(tx: Tx, id: string) {
  const [row] = await tx
    .select({ id: serviceAccounts.id, name: serviceAccounts.name })
    .from(serviceAccounts)
    .where(eq(serviceAccounts.id, id))
    .for("update");
  if (!row) return null;
  const [keys] = await tx.select({ n: count() }).from(apiKeys).where(eq(apiKeys.serviceAccountId, id));
  return { ...row, apiKeyCount: keys?.n ?? 0 };
}

/** Deletes the account; its authorized-workspace links and API keys go with it (ON DELETE CASCADE). */
export async function deleteServiceAccountRow(tx: Db | Tx, id: string, name: string) {
  const [row] = await tx
    .delete(serviceAccounts)
    .where(and(eq(serviceAccounts.id, id), eq(serviceAccounts.name, name)))
    .returning({ id: serviceAccounts.id, name: serviceAccounts.name });
  return row ?? null;
}

/** The account as the API keys modal shows it. */
export async function findServiceAccountForKeys(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ id: serviceAccounts.id, name: serviceAccounts.name, defaultWorkspaceName: workspaces.name })
    .from(serviceAccounts)
    .leftJoin(workspaces, eq(workspaces.id, serviceAccounts.defaultWorkspaceId))
    .where(eq(serviceAccounts.id, id));
  return row ?? null;
}

/**
 * The account's editable state, its row locked until the transaction ends (an edit, a disable, a key
 * change and a delete of one account take turns), with its workspaces' names for the audit record.
 */
export async function lockServiceAccountState(tx: Tx, id: string) {
  const [row] = await tx
    .select({
      id: serviceAccounts.id,
      name: serviceAccounts.name,
      description: serviceAccounts.description,
      defaultWorkspaceId: serviceAccounts.defaultWorkspaceId,
      defaultWorkspaceName: workspaces.name,
      disabledAt: serviceAccounts.disabledAt,
    })
    .from(serviceAccounts)
    .leftJoin(workspaces, eq(workspaces.id, serviceAccounts.defaultWorkspaceId))
    .where(eq(serviceAccounts.id, id))
    .for("update", { of: serviceAccounts });
  if (!row) return null;
  const authorized = await tx
    .select({ id: workspaces.id, name: workspaces.name })
    .from(serviceAccountWorkspaces)
    .innerJoin(workspaces, eq(workspaces.id, serviceAccountWorkspaces.workspaceId))
    .where(eq(serviceAccountWorkspaces.serviceAccountId, id));
  const state: ServiceAccountState = { ...row, authorizedWorkspaceIds: authorized.map((w) => w.id) };
  return { ...state, id: row.id, disabledAt: row.disabledAt, defaultWorkspaceName: row.defaultWorkspaceName, authorized, revision: revisionOf(state) };
}

/** Replaces the editable state (the caller holds the row's lock). */
export async function updateServiceAccountRow(tx: Tx, id: string, state: ServiceAccountState) {
  await tx
    .update(serviceAccounts)
    .set({ name: state.name, description: state.description, defaultWorkspaceId: state.defaultWorkspaceId })
    .where(eq(serviceAccounts.id, id));
  await tx.delete(serviceAccountWorkspaces).where(eq(serviceAccountWorkspaces.serviceAccountId, id));
  await insertAuthorizedWorkspaces(tx, id, state.authorizedWorkspaceIds);
}

/** Disables (a time) or enables (null) the account; its keys' own states are left as they are. */
export async function setServiceAccountDisabledAt(tx: Tx, id: string, at: Date | null) {
  await tx.update(serviceAccounts).set({ disabledAt: at }).where(eq(serviceAccounts.id, id));
}

/** How many keys the account has, and how many of them are enabled (their own state). */
export async function keyStatesOf(tx: Tx, id: string): Promise<{ total: number; enabled: number }> {
  const [row] = await tx
    .select({ total: count(), enabled: sql<number>`(count(*) filter (where ${apiKeys.disabledAt} is null))::int` })
    .from(apiKeys)
    .where(eq(apiKeys.serviceAccountId, id));
  return { total: row?.total ?? 0, enabled: Number(row?.enabled ?? 0) };
}
