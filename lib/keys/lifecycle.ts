/**
 * When a key stops working, and why (PRODUCT.md §2 "Key lifecycle"): its own expiry, the end of
 * the grace period a roll gave it, and the key policy's maximum lifetime counted from its
 * creation (also for keys made before the policy). Pure: the caller passes the time (lib/clock.ts),
 * so lib/verify and the keys list decide alike, to the millisecond.
 */
export type KeyTimes = {
  createdAt: Date;
  expiresAt: Date | null;
  graceEndsAt: Date | null;
  disabledAt?: Date | null;
};
export type KeyEnd = { at: number; reason: "expiry" | "grace" | "policy" };

export const DAY_MS = 24 * 60 * 60 * 1000;

export function keyEnds(key: KeyTimes, maxLifetimeDays: number | null): KeyEnd[] {
  const ends: KeyEnd[] = [];
  if (key.expiresAt) ends.push({ at: key.expiresAt.getTime(), reason: "expiry" });
  if (key.graceEndsAt) ends.push({ at: key.graceEndsAt.getTime(), reason: "grace" });
  if (maxLifetimeDays !== null) ends.push({ at: key.createdAt.getTime() + maxLifetimeDays * DAY_MS, reason: "policy" });
  return ends.sort((a, b) => a.at - b.at);
}

/** The first end: the instant from which the key is refused (`now >= at`), or null for never. */
export function firstEnd(key: KeyTimes, maxLifetimeDays: number | null): KeyEnd | null {
  return keyEnds(key, maxLifetimeDays)[0] ?? null;
}

export type KeyState =
  | { state: "active"; endsAt: Date | null }
  | { state: "disabled"; endsAt: Date | null }
  | { state: "expired"; endsAt: Date; reason: KeyEnd["reason"] }
  /** Rolled, still valid until its grace period ends. */
  | { state: "expiring"; endsAt: Date };

export function keyState(key: KeyTimes, maxLifetimeDays: number | null, now: number): KeyState {
  const end = firstEnd(key, maxLifetimeDays);
  if (end && now >= end.at) return { state: "expired", endsAt: new Date(end.at), reason: end.reason };
  const endsAt = end ? new Date(end.at) : null;
  if (key.disabledAt) return { state: "disabled", endsAt };
  if (key.graceEndsAt && end) return { state: "expiring", endsAt: new Date(end.at) };
  return { state: "active", endsAt };
}
