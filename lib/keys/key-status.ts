import { formatDateTime } from "@/lib/format";
import { DAY_MS, type KeyState } from "./lifecycle";

/**
 * A key's state in the words of the API keys list (PRODUCT.md §3): "active", "disabled",
 * "expired", "stops working in 55 minutes (rolled)", with its expiry beside it ("expires in 3 days",
 * "expires on 2027-03-01 10:00 UTC"). Pure: from `keyState` (lib/keys/lifecycle.ts), the same
 * decision lib/verify makes, and the time the page was rendered.
 */
export type KeyStatus = {
  state: KeyState["state"];
  label: string;
  /** The expiry, or why and when it ended; null when the label says it all. */
  detail: string | null;
  /** Ends within SOON_MS (or is in a grace period): the list marks it. */
  soon: boolean;
};

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
/** Ends nearer than this read as "in 3 days"; later ones as a date. */
export const RELATIVE_UNTIL_MS = 31 * DAY_MS;
/** The Service Accounts table marks accounts with a key ending within 7 days (issue 12 item 3): the list does too. */
export const SOON_MS = 7 * DAY_MS;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** A remaining time in words, never "0": minutes below an hour, hours below two days, then days. */
export function inWords(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE_MS));
  if (minutes < 60) return plural(minutes, "minute");
  if (ms < 48 * HOUR_MS) return plural(Math.max(1, Math.round(ms / HOUR_MS)), "hour");
  return plural(Math.round(ms / DAY_MS), "day");
}

function expiresText(endsAt: Date | null, nowMs: number): string {
  if (!endsAt) return "never expires";
  const left = endsAt.getTime() - nowMs;
  return left < RELATIVE_UNTIL_MS ? `expires in ${inWords(left)}` : `expires on ${formatDateTime(endsAt)}`;
}

export function keyStatus(state: KeyState, nowMs: number): KeyStatus {
  switch (state.state) {
    case "expired": {
      const on = formatDateTime(state.endsAt);
      const detail =
        state.reason === "grace" ? `rolled; stopped working on ${on}` : state.reason === "policy" ? `expired on ${on} (key policy maximum)` : `expired on ${on}`;
      return { state: "expired", label: "expired", detail, soon: false };
    }
    case "expiring":
      return {
        state: "expiring",
        label: `stops working in ${inWords(state.endsAt.getTime() - nowMs)} (rolled)`,
        detail: `works until ${formatDateTime(state.endsAt)}`,
        soon: true,
      };
    default: {
      const soon = state.endsAt !== null && state.endsAt.getTime() - nowMs < SOON_MS;
      return { state: state.state, label: state.state, detail: expiresText(state.endsAt, nowMs), soon };
    }
  }
}
