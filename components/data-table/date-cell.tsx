import { formatDateTime } from "@/lib/format";

/** A time in a table cell (UTC, compact, the full value as its title), or `fallback` when there is none. */
export function DateCell({ value, fallback }: { value: Date | null; fallback: string }) {
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time className="whitespace-nowrap" dateTime={new Date(value).toISOString()} title={formatDateTime(value)}>
      {formatDateTime(value, { compact: true })}
    </time>
  );
}
