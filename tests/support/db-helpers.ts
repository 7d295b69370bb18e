import { randomBytes } from "node:crypto";
import { count, desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { administrators, apiKeys, auditEvents, serviceAccounts, serviceAccountWorkspaces, workspaces } from "@/db/schema";

export const CLIENT_ADDRESS = "203.0.113.7";

/** Row counts of every table: compare before/after to prove a refused action wrote nothing. */
export async function tableCounts(): Promise<Record<string, number>> {
  const db = getDb();
  const tables = { administrators, apiKeys, auditEvents, serviceAccounts, serviceAccountWorkspaces, workspaces };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ n: count() }).from(table);
    out[name] = row?.n ?? 0;
  }
  return out;
}

export async function auditEventsFor(targetId: string) {
  return getDb().select().from(auditEvents).where(eq(auditEvents.targetId, targetId)).orderBy(desc(auditEvents.occurredAt));
}

export async function findAccountByName(name: string) {
  const [row] = await getDb().select().from(serviceAccounts).where(eq(sql`lower(${serviceAccounts.name})`, name.toLowerCase()));
  return row ?? null;
}

export async function linksOf(serviceAccountId: string): Promise<string[]> {
  const rows = await getDb()
    .select({ workspaceId: serviceAccountWorkspaces.workspaceId })
    .from(serviceAccountWorkspaces)
    .where(eq(serviceAccountWorkspaces.serviceAccountId, serviceAccountId));
  return rows.map((r) => r.workspaceId).sort();
}

/** An API key row inserted directly (key issuance is not under test here). */
export async function insertApiKey(serviceAccountId: string, name: string | null = null) {
  const [row] = await getDb()
    .insert(apiKeys)
    .values({ serviceAccountId, name, hash: randomBytes(32).toString("hex"), hint: "opsa_abcd…wxyz" })
    .returning({ id: apiKeys.id });
  return row!.id;
}

export async function apiKeyCount(serviceAccountId: string): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(apiKeys).where(eq(apiKeys.serviceAccountId, serviceAccountId));
  return row?.n ?? 0;
}
