import { z } from "zod";
import { idSchema } from "./common";

/** **Expires** in Add key: a preset number of days, a date, or Never (when the policy allows it). */
export const EXPIRY_PRESET_DAYS = [7, 30, 90, 365] as const;
export const EXPIRY_CHOICES = ["7", "30", "90", "365", "date", "never"] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

export const expirySchema = z.object({
  // "" (the form's "N days (default)" option, for a policy default that is no preset) = no choice: the policy's default.
  expires: z.preprocess((v) => (v === "" ? undefined : v), z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires" }).optional()),
  // A calendar date (YYYY-MM-DD); the key works through that whole day (UTC).
  expiresOn: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((v) => (v ? v : null)),
});

/** Roll key: how long the old key keeps working. */
export const GRACE_PERIODS = { now: 0, "1h": 60 * 60 * 1000, "24h": 24 * 60 * 60 * 1000, "7d": 7 * 24 * 60 * 60 * 1000 } as const;
export type GracePeriod = keyof typeof GRACE_PERIODS;
export const GRACE_LABELS: Record<GracePeriod, string> = { now: "Now", "1h": "1 hour", "24h": "24 hours", "7d": "7 days" };

export const keyRefSchema = z.object({ serviceAccountId: idSchema, keyId: idSchema });
export const setKeyDisabledSchema = keyRefSchema.extend({ disabled: z.enum(["true", "false"]).transform((v) => v === "true") });
export const rollKeySchema = keyRefSchema.extend({
  grace: z.enum(Object.keys(GRACE_PERIODS) as [GracePeriod, ...GracePeriod[]], { error: "Choose how long the old key keeps working" }),
});

/** Days, 1–3650, or "" for none. */
const optionalDays = z
  .string()
  .trim()
  .max(10)
  .transform((v, ctx) => {
    if (v === "") return null;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 3650) {
      ctx.addIssue({ code: "custom", message: "Enter a whole number of days from 1 to 3650, or leave it empty" });
      return z.NEVER;
    }
    return n;
  });

export const keyPolicySchema = z
  .object({ maxLifetimeDays: optionalDays, defaultExpiryDays: optionalDays })
  .superRefine((v, ctx) => {
    if (v.maxLifetimeDays === null) return;
    if (v.defaultExpiryDays === null) {
      ctx.addIssue({ code: "custom", path: ["defaultExpiryDays"], message: "With a maximum lifetime, keys cannot be made to never expire: choose a default expiry" });
    } else if (v.defaultExpiryDays > v.maxLifetimeDays) {
      ctx.addIssue({ code: "custom", path: ["defaultExpiryDays"], message: `The default expiry must be at most the maximum lifetime (${v.maxLifetimeDays} days)` });
    }
  });
