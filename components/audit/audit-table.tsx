"use client";
import { columnHelperFor } from "@/components/data-table/columns";
import { DataTable, type ServerTableState } from "@/components/data-table/data-table";
import type { AuditEventRow } from "@/db/queries/audit";
import { formatClientAddress, formatDateTime } from "@/lib/format";
import { AUDIT_PAGE_SIZES, auditActionLabel, auditTargetTypeLabel } from "@/lib/validations/audit";
import { accountOf, AuditDetails } from "./audit-details";

const column = columnHelperFor<AuditEventRow>();
const columns = column.columns([
  column.accessor("occurredAt", {
    header: "Time",
    enableSorting: false,
    cell: ({ getValue }) => (
      <time className="whitespace-nowrap" dateTime={new Date(getValue()).toISOString()}>
        {formatDateTime(getValue(), { seconds: true })}
      </time>
    ),
  }),
  column.accessor("actorEmail", {
    header: "Actor",
    enableSorting: false,
    cell: ({ getValue }) => getValue() ?? <span className="text-muted-foreground">system</span>,
  }),
  column.accessor("action", {
    header: "Action",
    enableSorting: false,
    cell: ({ getValue }) => <span className="whitespace-nowrap">{auditActionLabel(getValue())}</span>,
  }),
  column.accessor("targetName", {
    header: "Target",
    enableSorting: false,
    cell: ({ row }) => {
      const account = row.original.targetType === "api_key" ? accountOf(row.original.details) : null;
      return (
        <div className="grid gap-0.5">
          <span className="break-all">
            {row.original.targetName ?? "—"}
            {account ? <span className="text-muted-foreground"> of service account {account}</span> : null}
          </span>
          <div className="flex flex-wrap items-baseline gap-x-2 text-xs text-muted-foreground">
            <span>{auditTargetTypeLabel(row.original.targetType)}</span>
            <AuditDetails event={{ actionCode: row.original.action, targetId: row.original.targetId }} details={row.original.details} />
          </div>
        </div>
      );
    },
  }),
  column.accessor("clientAddress", {
    header: "Client address",
    enableSorting: false,
    cell: ({ getValue }) => formatClientAddress(getValue()) ?? <span className="text-muted-foreground">—</span>,
  }),
]);

export function AuditTable({ rows, state }: { rows: AuditEventRow[]; state: Omit<ServerTableState, "sort" | "dir"> }) {
  return (
    <DataTable
      label="Audit events"
      columns={columns}
      data={rows}
      state={{ ...state, sort: "occurredAt", dir: "desc" }}
      getRowId={(row) => row.id}
      pageSizes={AUDIT_PAGE_SIZES}
      empty="No events match these filters."
    />
  );
}
