"use client";
import { columnHelperFor } from "@/components/data-table/columns";
import { Badge } from "@/components/ui/badge";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import { formatDateTime } from "@/lib/format";
import { ServiceAccountRowActions } from "./row-actions";

const column = columnHelperFor<ServiceAccountRow>();

function DateCell({ value, fallback }: { value: Date | null; fallback: string }) {
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time className="whitespace-nowrap" dateTime={new Date(value).toISOString()} title={formatDateTime(value)}>
      {formatDateTime(value, { compact: true })}
    </time>
  );
}

export function serviceAccountColumns(canWrite: boolean) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <div className="grid max-w-72 min-w-36 gap-0.5">
          <span className="font-medium break-all">{row.original.name}</span>
          {row.original.description ? (
            <span className="truncate text-xs text-muted-foreground">{row.original.description}</span>
          ) : null}
        </div>
      ),
    }),
    column.accessor((row) => row.defaultWorkspace?.name ?? null, {
      id: "defaultWorkspace",
      header: "Default workspace",
      enableSorting: false,
      cell: ({ getValue }) => getValue() ?? <span className="text-muted-foreground">None</span>,
    }),
    column.accessor((row) => row.authorizedWorkspaces, {
      id: "authorizedWorkspaces",
      header: "Authorized workspaces",
      enableSorting: false,
      cell: ({ getValue }) => {
        const list = getValue();
        if (list.length === 0) return <span className="text-muted-foreground">All workspaces</span>;
        return (
          <div className="flex max-w-72 flex-wrap gap-1">
            {list.map((w) => (
              <Badge key={w.id}>{w.name}</Badge>
            ))}
          </div>
        );
      },
    }),
    column.accessor("apiKeyCount", { header: "API keys", enableSorting: false }),
    column.accessor("lastUsedAt", {
      header: "Last used",
      cell: ({ getValue }) => <DateCell value={getValue()} fallback="Never" />,
    }),
    column.accessor("createdAt", {
      header: "Created",
      cell: ({ getValue }) => <DateCell value={getValue()} fallback="" />,
    }),
    column.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => <ServiceAccountRowActions account={row.original} canWrite={canWrite} />,
    }),
  ]);
}
