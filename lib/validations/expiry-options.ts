import { EXPIRY_PRESET_DAYS, type ExpiryChoice } from "./key-lifecycle";

export type KeyPolicyLimits = { maxLifetimeDays: number | null; defaultExpiryDays: number | null };
/** "" stands for the policy's default when it is no preset (the action reads "" as no choice: lib/domain/key-expiry.ts). */
export type ExpiryOption = { value: ExpiryChoice | ""; label: string };

const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What Add key preselects when the key policy has no default expiry (issue 27: never Never). */
export const SUGGESTED_EXPIRY_DAYS = 90;

/**
 * The **Expires** choices of Add key under the key policy: the presets the maximum allows, a date,
 * and **Never** only without a maximum; preselected on the policy's default expiry (marked
 * "(default)"), or on 90 days when it has none (the longest preset that fits under a lower maximum).
 * Never is offered but never preselected.
 */
export function expiryOptions(policy: KeyPolicyLimits): { options: ExpiryOption[]; selected: ExpiryOption["value"] } {
  const max = policy.maxLifetimeDays;
  const fits = (days: number) => max === null || days <= max;
  const def = policy.defaultExpiryDays !== null && fits(policy.defaultExpiryDays) ? policy.defaultExpiryDays : null;
  const days = (EXPIRY_PRESET_DAYS as readonly number[]).filter(fits).map((d) => ({ days: d, value: String(d) as ExpiryChoice | "" }));
  if (def !== null && !days.some((d) => d.days === def)) days.push({ days: def, value: "" });
  days.sort((a, b) => a.days - b.days);
  const options: ExpiryOption[] = days.map((d) => ({ value: d.value, label: `${d.days} days${d.days === def ? " (default)" : ""}` }));
  options.push({ value: "date", label: "On a date" });
  if (max === null) options.push({ value: "never", label: "Never" });

  let selected: ExpiryOption["value"];
  if (def !== null) selected = days.find((d) => d.days === def)!.value;
  // No default (or, only in a hand-edited row, a maximum without one): 90 days, or the longest preset that fits.
  else selected = days.filter((d) => d.days <= SUGGESTED_EXPIRY_DAYS).at(-1)?.value ?? "date";
  return { options, selected };
}

/** The dates the date field allows at `nowMs`: from tomorrow (UTC) to the last day the maximum allows. */
export function expiryDateRange(maxLifetimeDays: number | null, nowMs: number): { min: string; max: string | undefined } {
  return { min: isoDay(nowMs + DAY_MS), max: maxLifetimeDays === null ? undefined : isoDay(nowMs + (maxLifetimeDays - 1) * DAY_MS) };
}
