import { randomBytes } from "node:crypto";
import { and, count, desc, eq, notInArray, sql } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/db/client";
import { administrators, apiKeys, auditEvents, invitations, personWorkspaces, serviceAccounts, serviceAccountWorkspaces, sessions, workspaces } from "@/db/schema";
import { personCredentials } from "@/db/schema-access";

export const CLIENT_ADDRESS = "203.0.113.7";

/** Row counts of every table: compare before/after to prove a refused action wrote nothing. */
export async function tableCounts(): Promise<Record<string, number>> {
  const db = getDb();
  const tables = { administrators, apiKeys, auditEvents, invitations, personCredentials, personWorkspaces, serviceAccounts, serviceAccountWorkspaces, workspaces };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ n: count() }).from(table);
    out[name] = row?.n ?? 0;
  }
  return out;
}

/** Runs `call` and shows it wrote nothing: every table's row count is as before. */
export async function expectNothingWritten<T>(call: () => Promise<T>): Promise<T> {
  const before = await tableCounts();
  const result = await call();
  expect(await tableCounts()).toEqual(before);
  return result;
}

/**
 * The audit events of one target, newest first, without sign-ins, refused sign-ins and sign-outs:
 * the fixtures sign people in (createAdministrator, startSession), the suites check that an old
 * password no longer works, and they count the events of the change they make.
 * tests/integration/sign-in-audit.test.ts checks those events.
 */
export async function auditEventsFor(targetId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, targetId), notInArray(auditEvents.action, ["auth.sign_in", "auth.sign_in_refused", "auth.sign_out"])))
    .orderBy(desc(auditEvents.occurredAt));
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

/** The workspace ids a person is authorized for, sorted (empty = every workspace). */
export async function personLinksOf(personId: string): Promise<string[]> {
  const rows = await getDb().select({ workspaceId: personWorkspaces.workspaceId }).from(personWorkspaces).where(eq(personWorkspaces.personId, personId));
  return rows.map((r) => r.workspaceId).sort();
}

/**
 * A live session and an Opik-web-UI credential of `personId`, inserted directly (the access flow
 * that issues them is not under test here). Returns the credential's id.
 */
export async function insertPersonCredential(personId: string, workspaceId: string): Promise<string> {
  const sessionId = randomBytes(32).toString("hex");
  await getDb().insert(sessions).values({ id: sessionId, administratorId: personId, expiresAt: sql`now() + interval '1 hour'` });
  const id = randomBytes(32).toString("hex");
  await getDb().insert(personCredentials).values({ id, sessionId, personId, workspaceId });
  return id;
}

export async function credentialState(id: string) {
  const [row] = await getDb().select({ endedAt: personCredentials.endedAt, endedReason: personCredentials.endedReason }).from(personCredentials).where(eq(personCredentials.id, id));
  return row ?? null;
}
