import type * as React from "react";
import { cn } from "@/lib/utils";

/**
 * The table scrolls sideways inside its own box when the window is narrower (the page never does).
 * The box is a named, focusable region so keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function Table({ className, ...props }: React.ComponentProps<"table">) {
  return (
    <div
      role="region"
      aria-label={props["aria-label"]}
      tabIndex={0}
      className="relative w-full overflow-x-auto rounded-md border outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      <table className={cn("w-full caption-bottom text-sm", className)} {...props} />
    </div>
  );
}
/**
 * The actions cell of a row (its "…" menu): sticky at the box's right edge, so a narrow window
 * that scrolls the table sideways still shows every row's menu (issue 27 item 3).
 */
export const ACTIONS_CELL = "sticky right-0 bg-background";

export function TableHeader({ className, ...props }: React.ComponentProps<"thead">) {
  return <thead className={cn("bg-muted/50 [&_tr]:border-b", className)} {...props} />;
}
export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody className={cn("[&_tr:last-child]:border-0", className)} {...props} />;
}
export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return <tr className={cn("border-b transition-colors hover:bg-muted/40", className)} {...props} />;
}
export function TableHead({ className, ...props }: React.ComponentProps<"th">) {
  return <th className={cn("h-10 px-3 text-left align-middle font-medium whitespace-nowrap text-muted-foreground", className)} {...props} />;
}
export function TableCell({ className, ...props }: React.ComponentProps<"td">) {
  return <td className={cn("px-3 py-2 align-middle", className)} {...props} />;
}
