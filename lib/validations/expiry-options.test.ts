import { describe, expect, it } from "vitest";
import { createApiKeySchema } from "./api-keys";
import { expiryDateRange, expiryOptions } from "./expiry-options";

const labels = (policy: Parameters<typeof expiryOptions>[0]) => expiryOptions(policy).options.map((o) => o.label);

describe("expiryOptions", () => {
  it("no policy: every preset, a date and Never, 90 days preselected (never Never)", () => {
    expect(expiryOptions({ maxLifetimeDays: null, defaultExpiryDays: null })).toStrictEqual({
      options: [
        { value: "7", label: "7 days" },
        { value: "30", label: "30 days" },
        { value: "90", label: "90 days" },
        { value: "365", label: "365 days" },
        { value: "date", label: "On a date" },
        { value: "never", label: "Never" },
      ],
      selected: "90",
    });
  });

  it("a default that is a preset is preselected and marked", () => {
    const { options, selected } = expiryOptions({ maxLifetimeDays: null, defaultExpiryDays: 30 });
    expect(selected).toBe("30");
    expect(options.map((o) => o.label)).toStrictEqual(["7 days", "30 days (default)", "90 days", "365 days", "On a date", "Never"]);
  });

  it("a maximum hides Never and the presets above it", () => {
    expect(labels({ maxLifetimeDays: 90, defaultExpiryDays: 90 })).toStrictEqual(["7 days", "30 days", "90 days (default)", "On a date"]);
  });

  it("a default that is no preset gets an option of its own, posted as no choice", () => {
    const { options, selected } = expiryOptions({ maxLifetimeDays: 60, defaultExpiryDays: 45 });
    expect(options).toStrictEqual([
      { value: "7", label: "7 days" },
      { value: "30", label: "30 days" },
      { value: "", label: "45 days (default)" },
      { value: "date", label: "On a date" },
    ]);
    expect(selected).toBe("");
    // The action reads "" as no choice, so the domain applies the policy's default.
    const parsed = createApiKeySchema.parse({ serviceAccountId: "00000000-0000-4000-8000-000000000000", expires: "" });
    expect(parsed.expires).toBeUndefined();
  });

  it("a maximum without a default (only a hand-edited row): 90 days, or the longest preset that fits", () => {
    expect(expiryOptions({ maxLifetimeDays: 400, defaultExpiryDays: null }).selected).toBe("90");
    expect(expiryOptions({ maxLifetimeDays: 60, defaultExpiryDays: null }).selected).toBe("30");
    expect(expiryOptions({ maxLifetimeDays: 3, defaultExpiryDays: null })).toStrictEqual({ options: [{ value: "date", label: "On a date" }], selected: "date" });
  });
});

describe("expiryDateRange", () => {
  const now = Date.UTC(2026, 11, 1, 23, 30);
  it("from tomorrow (UTC) to the last day the maximum allows", () => {
    expect(expiryDateRange(null, now)).toStrictEqual({ min: "2026-12-02", max: undefined });
    expect(expiryDateRange(30, now)).toStrictEqual({ min: "2026-12-02", max: "2026-12-30" });
  });
});
