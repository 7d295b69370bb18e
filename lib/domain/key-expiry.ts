import type { KeyPolicyDto } from "@/db/queries/key-policy";
import { DAY_MS } from "@/lib/keys/lifecycle";
import type { ExpiryChoice } from "@/lib/validations/key-lifecycle";

/** What a new key gets: its expiry instant and the rule a roll hands on (seconds from creation, or null). */
export type ResolvedExpiry = { ok: true; expiresAt: Date | null; lifetimeS: number | null } | { ok: false; field: "expires" | "expiresOn"; message: string };

const MAX_YEARS = 10;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * **Expires** of Add key against the key policy, at `nowMs` (lib/clock.ts). No choice = the
 * policy's default expiry (Never when it has none). A date means the key works through that whole
 * day, UTC: it expires at the next midnight UTC.
 */
export function resolveExpiry(input: { expires?: ExpiryChoice; expiresOn?: string | null }, policy: KeyPolicyDto, nowMs: number): ResolvedExpiry {
  const max = policy.maxLifetimeDays;
  const choice = input.expires ?? (policy.defaultExpiryDays === null ? "never" : String(policy.defaultExpiryDays));
  if (choice === "never") {
    if (max !== null) return { ok: false, field: "expires", message: `The key policy allows keys of at most ${max} days: choose when this key expires` };
    return { ok: true, expiresAt: null, lifetimeS: null };
  }
  if (choice === "date") return resolveDate(input.expiresOn ?? null, max, nowMs);
  const days = Number(choice);
  if (!Number.isInteger(days) || days < 1 || days > 3650) return { ok: false, field: "expires", message: "Choose when the key expires" };
  if (max !== null && days > max) return { ok: false, field: "expires", message: `The key policy allows keys of at most ${max} days` };
  return { ok: true, expiresAt: new Date(nowMs + days * DAY_MS), lifetimeS: days * 24 * 60 * 60 };
}

function resolveDate(value: string | null, max: number | null, nowMs: number): ResolvedExpiry {
  const match = value ? DATE.exec(value) : null;
  if (!match) return { ok: false, field: "expiresOn", message: "Enter the date as YYYY-MM-DD" };
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const start = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 2027-02-30 over into March: such a date does not exist.
  if (Number.isNaN(start) || isoDay(start) !== value) return { ok: false, field: "expiresOn", message: "That date does not exist" };
  const expiresAt = start + DAY_MS;
  if (start <= nowMs - (nowMs % DAY_MS)) return { ok: false, field: "expiresOn", message: "Choose a date after today" };
  if (expiresAt - nowMs > MAX_YEARS * 366 * DAY_MS) return { ok: false, field: "expiresOn", message: `Choose a date within ${MAX_YEARS} years` };
  if (max !== null && expiresAt > nowMs + max * DAY_MS) {
    return { ok: false, field: "expiresOn", message: `The key policy allows keys of at most ${max} days: choose ${isoDay(nowMs + max * DAY_MS - DAY_MS)} or earlier` };
  }
  return { ok: true, expiresAt: new Date(expiresAt), lifetimeS: null };
}
