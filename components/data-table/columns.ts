import { createColumnHelper, rowPaginationFeature, rowSortingFeature, tableFeatures } from "@tanstack/react-table";

/** Server-driven tables: sorting and pagination state only; the database does the work. */
export const serverTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type ServerTableFeatures = typeof serverTableFeatures;

export function columnHelperFor<TData extends object>() {
  return createColumnHelper<ServerTableFeatures, TData>();
}
