import "server-only";
import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { ServiceAccountListParams } from "@/lib/validations/service-accounts";
import type { Db, Tx } from "../client";
import { likeContains } from "./like";
import { apiKeys, serviceAccounts, serviceAccountWorkspaces, workspaces } from "../schema";

export type ServiceAccountRow = {
  id: string;
  name: string;
  description: string | null;
  defaultWorkspace: { id: string; name: string } | null;
  authorizedWorkspaces: { id: string; name: string }[];
  apiKeyCount: number;
  lastUsedAt: Date | null;
  createdAt: Date;
};

export type ServiceAccountPage = { rows: ServiceAccountRow[]; total: number; page: number; pageCount: number };

export { likeContains } from "./like";

// Correlated subqueries name the outer column in full: drizzle leaves single-table selects
// unqualified, and a bare "id" would bind to the subquery's own table.
const keyCountOf = sql<number>`(select count(*)::int from ${apiKeys} k where k.service_account_id = "service_accounts"."id")`;

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

/** One page of the Service Accounts table: filtered, sorted and paginated in SQL. */
export async function listServiceAccounts(db: Db | Tx, params: ServiceAccountListParams): Promise<ServiceAccountPage> {
  const where = params.q ? sql`lower(${serviceAccounts.name}) like ${likeContains(params.q)}` : undefined;
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
    })
    .from(serviceAccounts)
    .innerJoin(pageIds, eq(pageIds.id, serviceAccounts.id))
    .leftJoin(workspaces, eq(workspaces.id, serviceAccounts.defaultWorkspaceId))
    .orderBy(...orderBy(params));

  return {
    total,
    page,
    pageCount,
    rows: rows.map(({ defaultWorkspaceId, defaultWorkspaceName, authorizedWorkspaces, ...row }) => ({
      ...row,
      defaultWorkspace: defaultWorkspaceId && defaultWorkspaceName ? { id: defaultWorkspaceId, name: defaultWorkspaceName } : null,
      // postgres.js parses json; PGlite too, but a string is tolerated for safety.
      authorizedWorkspaces: typeof authorizedWorkspaces === "string" ? JSON.parse(authorizedWorkspaces) : authorizedWorkspaces,
    })),
  };
}

export async function serviceAccountNameTaken(db: Db | Tx, name: string): Promise<boolean> {
  const [row] = await db
    .select({ id: serviceAccounts.id })
    .from(serviceAccounts)
    .where(eq(sql`lower(${serviceAccounts.name})`, name.toLowerCase()))
    .limit(1);
  return Boolean(row);
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
