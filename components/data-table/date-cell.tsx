import { formatDateTime } from "@/lib/format";

/**
 * A time in a table cell (UTC, compact, the full value as its title), or `fallback` when there is
 * none. Date and time may go on two lines where the column is narrow, never break inside.
 */
export function DateCell({ value, fallback }: { value: Date | null; fallback: string }) {
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  const [day, time] = formatDateTime(value, { compact: true }).split(" ");
  // The zone stays with the time on the same line, so every time on every page reads "… UTC".
  return (
    <time dateTime={new Date(value).toISOString()} title={formatDateTime(value)}>
      <span className="whitespace-nowrap">{day}</span> <span className="whitespace-nowrap">{time} UTC</span>
    </time>
  );
}
