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

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * A client address in one form wherever one is shown (audit log, its CSV export, the management
 * API): an IPv4 address a dual-stack socket reported as IPv4-mapped IPv6 (`::ffff:127.0.0.1`)
 * reads as the IPv4 address it is (`127.0.0.1`); anything else as stored.
 */
export function formatClientAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  return address.replace(MAPPED_IPV4, "$1");
}
