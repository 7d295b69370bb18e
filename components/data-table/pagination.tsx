"use client";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";

export function DataTablePagination(props: {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  pageSizes: readonly number[];
  canPrevious: boolean;
  canNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSize: (size: number) => void;
}) {
  const sizeId = useId();
  const first = props.total === 0 ? 0 : (props.page - 1) * props.pageSize + 1;
  const last = Math.min(props.total, props.page * props.pageSize);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground">
      <p aria-live="polite">
        {props.total === 0 ? "No results" : `${first}–${last} of ${props.total}`}
      </p>
      <div className="flex items-center gap-3">
        <label htmlFor={sizeId} className="whitespace-nowrap">
          Rows per page
        </label>
        <NativeSelect
          id={sizeId}
          className="h-8 w-20"
          value={props.pageSize}
          onChange={(e) => props.onPageSize(Number(e.target.value))}
        >
          {props.pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </NativeSelect>
        <span className="whitespace-nowrap">
          Page {props.page} of {Math.max(1, props.pageCount)}
        </span>
        <Button variant="outline" size="icon" onClick={props.onPrevious} disabled={!props.canPrevious} aria-label="Previous page">
          <ChevronLeft aria-hidden />
        </Button>
        <Button variant="outline" size="icon" onClick={props.onNext} disabled={!props.canNext} aria-label="Next page">
          <ChevronRight aria-hidden />
        </Button>
      </div>
    </div>
  );
}
