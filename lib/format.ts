/**
 * Times are shown in UTC, the same on server and client (no locale or time-zone drift, so no
 * hydration mismatch). `compact` drops the " UTC" suffix where a column header or title says it.
 */
export function formatDateTime(value: Date | string | null | undefined, { compact = false, seconds = false } = {}): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "";
  const text = date.toISOString().slice(0, seconds ? 19 : 16).replace("T", " ");
  return compact ? text : `${text} UTC`;
}
