"use client";
import type { Column } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import type { ServerTableFeatures } from "./columns";

/** A sortable column title: one click toggles ascending/descending. */
export function DataTableColumnHeader<TData extends object>({
  column,
  children,
}: {
  column: Column<ServerTableFeatures, TData, unknown>;
  children: ReactNode;
}) {
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
  return (
    <Button variant="ghost" size="sm" className="-ml-3 h-auto min-h-8 whitespace-normal text-left" onClick={() => column.toggleSorting(sorted === "asc")}>
      {children}
      <Icon aria-hidden className={sorted ? "" : "opacity-40"} />
    </Button>
  );
}
