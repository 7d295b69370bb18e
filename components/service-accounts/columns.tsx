"use client";
import { columnHelperFor } from "@/components/data-table/columns";
import { DateCell } from "@/components/data-table/date-cell";
import { AuthorizedWorkspaces } from "@/components/workspaces/authorized-workspaces";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { AccountMarks } from "./account-marks";
import { DescriptionCell } from "./description-cell";
import { ServiceAccountRowActions } from "./row-actions";

const column = columnHelperFor<ServiceAccountRow>();

export function serviceAccountColumns(canWrite: boolean, workspaces: WorkspaceOption[]) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <div className="grid max-w-72 min-w-32 gap-0.5">
          <span className="font-medium break-all">{row.original.name}</span>
          {row.original.description ? (
            <DescriptionCell text={row.original.description} />
          ) : null}
          <AccountMarks account={row.original} />
        </div>
      ),
    }),
    column.accessor((row) => row.defaultWorkspace?.name ?? null, {
      id: "defaultWorkspace",
      header: () => <Wraps>Default workspace</Wraps>,
      enableSorting: false,
      cell: ({ getValue }) => <span className="[overflow-wrap:anywhere]">{getValue() ?? <span className="text-muted-foreground">None</span>}</span>,
    }),
    column.accessor((row) => row.authorizedWorkspaces, {
      id: "authorizedWorkspaces",
      header: () => <Wraps>Authorized workspaces</Wraps>,
      enableSorting: false,
      cell: ({ getValue }) => <AuthorizedWorkspaces list={getValue()} />,
    }),
    column.accessor("apiKeyCount", { header: () => <Wraps>API keys</Wraps>, enableSorting: false }),
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
      cell: ({ row }) => <ServiceAccountRowActions account={row.original} workspaces={workspaces} canWrite={canWrite} />,
    }),
  ]);
}

/** A column title that may take two lines, so the table fits from 1024 px (issue 14 item 1). */
function Wraps({ children }: { children: string }) {
  return <span className="whitespace-normal">{children}</span>;
}
