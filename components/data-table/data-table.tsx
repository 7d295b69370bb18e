"use client";
import { type ColumnDef, type PaginationState, type SortingState, useTable } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { ACTIONS_CELL, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { type ServerTableFeatures, serverTableFeatures } from "./columns";
import { DataTableColumnHeader } from "./column-header";
import { DataTablePagination } from "./pagination";
import { useUrlParams } from "./use-url-params";

export type ServerTableState = {
  sort: string;
  dir: "asc" | "desc";
  page: number; // 1-based, as in the URL
  size: number;
  total: number;
};

/**
 * A table whose rows arrive already sorted and paginated by the server. User changes to sorting and
 * paging are written to the URL (`sort`, `dir`, `page`, `size`), which re-renders the server page.
 */
export function DataTable<TData extends object>({
  label,
  columns,
  data,
  state,
  getRowId,
  empty,
  pageSizes,
}: {
  label: string;
  columns: ColumnDef<ServerTableFeatures, TData, any>[];
  data: TData[];
  state: ServerTableState;
  getRowId: (row: TData) => string;
  empty: ReactNode;
  pageSizes: readonly number[];
}) {
  const { setParams, isNavigating } = useUrlParams();
  const sorting: SortingState = [{ id: state.sort, desc: state.dir === "desc" }];
  const pagination: PaginationState = { pageIndex: state.page - 1, pageSize: state.size };

  const table = useTable({
    features: serverTableFeatures,
    columns,
    data,
    getRowId,
    manualSorting: true,
    manualPagination: true,
    enableSortingRemoval: false,
    rowCount: state.total,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (first) setParams({ sort: first.id, dir: first.desc ? "desc" : "asc", page: null });
    },
    onPaginationChange: (updater) => {
      const next = typeof updater === "function" ? updater(pagination) : updater;
      setParams({ page: next.pageIndex + 1 === 1 ? null : next.pageIndex + 1, size: next.pageSize });
    },
  });

  const rows = table.getRowModel().rows;
  return (
    <div className="grid gap-3">
      <Table aria-label={label} aria-busy={isNavigating || undefined} className={cn(isNavigating && "opacity-70")}>
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <TableHead
                    key={header.id}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {header.isPlaceholder ? null : header.column.getCanSort() ? (
                      <DataTableColumnHeader column={header.column}>
                        <table.FlexRender header={header} />
                      </DataTableColumnHeader>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {rows.length ? (
            rows.map((row) => (
              <TableRow key={row.id}>
                {row.getAllCells().map((cell) => (
                  <TableCell key={cell.id} className={cell.column.id === "actions" ? ACTIONS_CELL : undefined}>
                    <table.FlexRender cell={cell} />
                  </TableCell>
                ))}
              </TableRow>
            ))
          ) : (
            <TableRow>
              <TableCell colSpan={columns.length} className="py-10 text-center text-muted-foreground">
                {empty}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <DataTablePagination
        page={state.page}
        pageCount={table.getPageCount()}
        total={state.total}
        pageSize={state.size}
        pageSizes={pageSizes}
        canPrevious={table.getCanPreviousPage()}
        canNext={table.getCanNextPage()}
        onPrevious={() => table.previousPage()}
        onNext={() => table.nextPage()}
        onPageSize={(size) => setParams({ size, page: null })}
      />
    </div>
  );
}
