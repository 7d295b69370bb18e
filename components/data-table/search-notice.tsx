import type { ReactNode } from "react";

/** Why a search shows nothing (e.g. it holds text no stored value can contain), above the table. */
export function SearchNotice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md border border-border bg-muted/40 p-3 text-sm text-muted-foreground" data-testid="search-notice">
      {children}
    </p>
  );
}
