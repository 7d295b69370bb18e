"use client";
import { columnHelperFor } from "@/components/data-table/columns";
import { DateCell } from "@/components/data-table/date-cell";
import { AuthorizedWorkspaces } from "@/components/workspaces/authorized-workspaces";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import { ServiceAccountRowActions } from "./row-actions";

const column = columnHelperFor<ServiceAccountRow>();

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
      cell: ({ getValue }) => <AuthorizedWorkspaces list={getValue()} />,
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
