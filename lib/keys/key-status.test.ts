import { describe, expect, it } from "vitest";
import { inWords, keyStatus } from "./key-status";
import { DAY_MS, keyState } from "./lifecycle";

const T0 = Date.UTC(2026, 11, 1, 10, 0);
const MIN = 60 * 1000;
const key = (over: Partial<Parameters<typeof keyState>[0]> = {}) => ({ createdAt: new Date(T0), expiresAt: null, graceEndsAt: null, disabledAt: null, ...over });
const status = (k: ReturnType<typeof key>, nowMs = T0, max: number | null = null) => keyStatus(keyState(k, max, nowMs), nowMs);

describe("inWords", () => {
  it.each([
    [1, "1 minute"],
    [30 * 1000, "1 minute"],
    [55 * MIN, "55 minutes"],
    [59 * MIN + 1, "1 hour"],
    [60 * MIN, "1 hour"],
    [23 * 60 * MIN + 10 * MIN, "23 hours"],
    [47 * 60 * MIN, "47 hours"],
    [2 * DAY_MS, "2 days"],
    [7 * DAY_MS - 5000, "7 days"],
  ])("%d ms → %s", (ms, words) => {
    expect(inWords(ms)).toBe(words);
  });
});

describe("keyStatus", () => {
  it("an active key without an end never expires", () => {
    expect(status(key())).toStrictEqual({ state: "active", label: "active", detail: "never expires", soon: false });
  });

  it("an end within 31 days reads as a count, later ones as a date; within 7 days it is marked", () => {
    expect(status(key({ expiresAt: new Date(T0 + 3 * DAY_MS) }))).toMatchObject({ label: "active", detail: "expires in 3 days", soon: true });
    expect(status(key({ expiresAt: new Date(T0 + 8 * DAY_MS) }))).toMatchObject({ detail: "expires in 8 days", soon: false });
    expect(status(key({ expiresAt: new Date(T0 + 90 * DAY_MS) }))).toMatchObject({ detail: "expires on 2027-03-01 10:00 UTC", soon: false });
  });

  it("the policy's maximum is an end too, for a key without an expiry of its own", () => {
    expect(status(key(), T0 + 25 * DAY_MS, 30)).toMatchObject({ label: "active", detail: "expires in 5 days", soon: true });
    expect(status(key(), T0 + 30 * DAY_MS, 30)).toMatchObject({ label: "expired", detail: "expired on 2026-12-31 10:00 UTC (key policy maximum)" });
  });

  it("a disabled key says so, with its expiry", () => {
    expect(status(key({ disabledAt: new Date(T0), expiresAt: new Date(T0 + 2 * DAY_MS) }))).toMatchObject({ state: "disabled", label: "disabled", detail: "expires in 2 days" });
  });

  it("a rolled key in its grace period: when it stops working; after it, when it stopped", () => {
    const rolled = key({ graceEndsAt: new Date(T0 + 60 * MIN) });
    expect(status(rolled, T0 + 5 * MIN)).toStrictEqual({
      state: "expiring",
      label: "stops working in 55 minutes (rolled)",
      detail: "works until 2026-12-01 11:00 UTC",
      soon: true,
    });
    expect(status(rolled, T0 + 60 * MIN)).toMatchObject({ state: "expired", label: "expired", detail: "rolled; stopped working on 2026-12-01 11:00 UTC" });
  });

  it("expired at the instant of its expiry, as lib/verify decides", () => {
    const k = key({ expiresAt: new Date(T0 + DAY_MS) });
    expect(status(k, T0)).toMatchObject({ label: "active", detail: "expires in 24 hours" });
    expect(status(k, T0 + DAY_MS - 1)).toMatchObject({ label: "active", detail: "expires in 1 minute" });
    expect(status(k, T0 + DAY_MS)).toMatchObject({ label: "expired", detail: "expired on 2026-12-02 10:00 UTC" });
  });
});
