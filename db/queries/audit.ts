import { and, count, desc, eq, or, sql } from "drizzle-orm";
import { likeContains } from "./like";
import type { Db, Tx } from "../client";
import { auditEvents } from "../schema";
import { CHANGE_CHANNEL, noteChange } from "../change-barrier";

export type Actor = { id: string; email: string } | null;

export type AuditInput = {
  actor: Actor;
  action: string;
  targetType: "workspace" | "service_account" | "api_key" | "administrator" | "key_policy" | "sso_group_mapping" | "management_token" | "trust_policy";
  /** Null only for a refused sign-in of someone who is not a person here. */
  targetId: string | null;
  targetName: string | null;
  clientAddress: string | null;
  details?: Record<string, unknown>;
};

/**
 * Every change is announced on CHANGE_CHANNEL (issue 15: checks served from memory are evicted on
 * every instance). Every mutation writes its audit event in its own transaction, so announcing
 * here, in that transaction, covers each one and none can forget it: Postgres (and PGlite) deliver
 * the notification when the transaction commits, never when it rolls back. The payload is the
 * audit action (a short fixed name, far below NOTIFY's 8,000-byte limit). noteChange marks the
 * transaction, so that on Postgres its caller waits for every instance after the commit
 * (db/change-barrier.ts).
 */
export { CHANGE_CHANNEL };

/** Always called with the transaction of the change it records, so both commit or neither. */
export async function recordAuditEvent(tx: Db | Tx, input: AuditInput): Promise<void> {
  await tx.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${input.action})`);
  noteChange(input.action);
  await tx.insert(auditEvents).values({
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    targetName: input.targetName,
    clientAddress: input.clientAddress,
    details: input.details ?? null,
  });
}

export type AuditEventRow = {
  id: string;
  occurredAt: Date;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  targetName: string | null;
  clientAddress: string | null;
  /** What the event stored beside its target (workspaces, key counts, before/after): shown on expansion. */
  details: Record<string, unknown> | null;
};

export type AuditFilter = { action: string; actor: string; target: string; page: number; size: number };

/** The audit log's filters (action, actor, target) as one condition. */
function filterOf(filter: Pick<AuditFilter, "action" | "actor" | "target">) {
  return and(
    filter.action ? eq(auditEvents.action, filter.action) : undefined,
    filter.actor ? sql`lower(${auditEvents.actorEmail}) like ${likeContains(filter.actor)}` : undefined,
    filter.target
      ? or(sql`lower(${auditEvents.targetName}) like ${likeContains(filter.target)}`, eq(auditEvents.targetId, filter.target.toLowerCase()))
      : undefined,
  );
}

const rowColumns = {
  id: auditEvents.id,
  occurredAt: auditEvents.occurredAt,
  actorEmail: auditEvents.actorEmail,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  targetName: auditEvents.targetName,
  clientAddress: auditEvents.clientAddress,
  details: auditEvents.details,
};

/**
 * The management API's pages of the audit log: the same filters, newest first, `limit` events
 * after the event with id `after` (null = from the newest). Stable while events are added; the
 * cursor event's own time is compared in SQL (microseconds, which a JavaScript Date would lose).
 */
export async function listAuditEventsAfter(db: Db | Tx, filter: Pick<AuditFilter, "action" | "actor" | "target">, after: string | null, limit: number): Promise<AuditEventRow[]> {
  const before = after
    ? sql`(${auditEvents.occurredAt}, ${auditEvents.id}) < (select c.occurred_at, c.id from ${auditEvents} c where c.id = ${after}::uuid)`
    : undefined;
  return db.select(rowColumns).from(auditEvents).where(and(filterOf(filter), before)).orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id)).limit(limit);
}

export async function auditEventExists(db: Db | Tx, id: string): Promise<boolean> {
  const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, id));
  return row !== undefined;
}

/** Newest first, filtered and paginated in SQL. Events of deleted targets and actors stay. */
export async function listAuditEvents(db: Db | Tx, filter: AuditFilter) {
  const where = filterOf(filter);
  const [totalRow] = await db.select({ n: count() }).from(auditEvents).where(where);
  const total = totalRow?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / filter.size));
  const page = Math.min(filter.page, pageCount);
  const rows: AuditEventRow[] = await db
    .select(rowColumns)
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(filter.size)
    .offset((page - 1) * filter.size);
  return { rows, total, page, pageCount };
}
