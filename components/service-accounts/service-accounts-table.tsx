"use client";
import { useMemo } from "react";
import { DataTable, type ServerTableState } from "@/components/data-table/data-table";
import { SearchInput } from "@/components/data-table/search-input";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { PAGE_SIZES } from "@/lib/validations/service-accounts";
import { serviceAccountColumns } from "./columns";

export function ServiceAccountsTable({
  rows,
  workspaces,
  state,
  canWrite,
  query,
}: {
  rows: ServiceAccountRow[];
  workspaces: WorkspaceOption[];
  state: ServerTableState;
  canWrite: boolean;
  query: string;
}) {
  // Every server render sends a new `workspaces` array with the same content; new columns would give
  // each cell a new component type, remounting the rows under the user and closing an open row menu.
  // So the columns change only when the workspaces do.
  const workspacesKey = workspaces.map((w) => `${w.id}/${w.name}`).join("\n");
  const columns = useMemo(() => serviceAccountColumns(canWrite, workspaces), [canWrite, workspacesKey]);
  return (
    <div className="grid gap-3">
      <SearchInput label="Search service accounts" placeholder="Search by name" />
      <DataTable
        label="Service accounts"
        columns={columns}
        data={rows}
        state={state}
        getRowId={(row) => row.id}
        pageSizes={PAGE_SIZES}
        empty={query ? `No service account matches "${query}".` : "No service accounts on this page."}
      />
    </div>
  );
}
