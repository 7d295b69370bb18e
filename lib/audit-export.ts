import type { Db, Tx } from "@/db/client";
import { listAuditEventsAfter, type AuditEventRow, type AuditFilter } from "@/db/queries/audit";
import { formatClientAddress } from "@/lib/format";
import { auditActionLabel, auditTargetTypeLabel } from "@/lib/validations/audit";

/** Events read per query while exporting: the export streams, never holding the whole log. */
export const EXPORT_BATCH = 500;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): always quoted, quotes doubled; a cell a spreadsheet would run as a
 * formula gets a leading apostrophe, so it is shown as the text it is.
 */
export function csvCell(value: string | null | undefined): string {
  const text = value ?? "";
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export const AUDIT_CSV_COLUMNS = ["Time (UTC)", "Actor", "Action", "Action code", "Target type", "Target", "Target id", "Client address", "Details"] as const;

/** One event as a CSV line (CRLF-terminated), in AUDIT_CSV_COLUMNS' order. */
export function auditCsvLine(row: AuditEventRow): string {
  const cells = [
    new Date(row.occurredAt).toISOString(),
    row.actorEmail ?? "system",
    auditActionLabel(row.action),
    row.action,
    auditTargetTypeLabel(row.targetType),
    row.targetName,
    row.targetId,
    formatClientAddress(row.clientAddress),
    row.details && Object.keys(row.details).length > 0 ? JSON.stringify(row.details) : "",
  ];
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * The audit log's filtered events as CSV lines, newest first, the header line first: the same
 * filter as the page (db/queries/audit.ts), read EXPORT_BATCH events at a time with the cursor the
 * management API pages with. `guard` runs each query (lib/db-guard.ts guardRequest in a request).
 */
export async function* auditCsvLines(
  db: Db | Tx,
  filter: Pick<AuditFilter, "action" | "actor" | "target">,
  guard: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): AsyncGenerator<string> {
  yield `${AUDIT_CSV_COLUMNS.map(csvCell).join(",")}\r\n`;
  let after: string | null = null;
  for (;;) {
    const cursor: string | null = after;
    const rows: AuditEventRow[] = await guard(() => listAuditEventsAfter(db, filter, cursor, EXPORT_BATCH));
    for (const row of rows) yield auditCsvLine(row);
    if (rows.length < EXPORT_BATCH) return;
    after = rows.at(-1)!.id;
  }
}
