// Issue 27 item 6: lowering the maximum key lifetime in Settings first counts the keys it ends at
// once (db/queries/key-policy.ts countKeysEndedByLifetime), in SQL, on both drivers. The count
// agrees with what lib/keys/lifecycle decides for each key; the clock is injected.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiKeys, keyPolicy } from "@/db/schema";
import { previewKeyPolicyAction } from "@/lib/actions/settings";
import { setClock } from "@/lib/clock";
import { previewKeyPolicy } from "@/lib/domain/key-lifecycle";
import { DAY_MS, keyState } from "@/lib/keys/lifecycle";
import { newAccount, newKey } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs } from "../support/fixtures";

const T0 = Date.UTC(2030, 0, 15, 12, 0, 0);
const at = (ms: number) => new Date(ms);
const policy = (maxLifetimeDays: number | null) => getDb().update(keyPolicy).set({ maxLifetimeDays, defaultExpiryDays: maxLifetimeDays }).where(eq(keyPolicy.id, 1));

type Times = { createdAt: Date; expiresAt?: Date | null; graceEndsAt?: Date | null; disabledAt?: Date | null };
const keys: Record<string, Times> = {
  old: { createdAt: at(T0 - 40 * DAY_MS) },
  young: { createdAt: at(T0 - 10 * DAY_MS) },
  exactlyThirty: { createdAt: at(T0 - 30 * DAY_MS) },
  oldDisabled: { createdAt: at(T0 - 40 * DAY_MS), disabledAt: at(T0 - DAY_MS) },
  oldExpired: { createdAt: at(T0 - 40 * DAY_MS), expiresAt: at(T0 - DAY_MS) },
  oldGraceEnded: { createdAt: at(T0 - 40 * DAY_MS), graceEndsAt: at(T0 - 60 * 60 * 1000) },
  oldExpiringLater: { createdAt: at(T0 - 40 * DAY_MS), expiresAt: at(T0 + 5 * DAY_MS) },
  oldInGrace: { createdAt: at(T0 - 40 * DAY_MS), graceEndsAt: at(T0 + 60 * 60 * 1000) },
  ancient: { createdAt: at(T0 - 100 * DAY_MS) },
};

beforeAll(async () => {
  signAs(await createAdministrator("admin"));
  const account = await newAccount();
  for (const [name, times] of Object.entries(keys)) {
    const key = await newKey(account.id, name);
    await getDb()
      .update(apiKeys)
      .set({ createdAt: times.createdAt, expiresAt: times.expiresAt ?? null, graceEndsAt: times.graceEndsAt ?? null, disabledAt: times.disabledAt ?? null })
      .where(eq(apiKeys.id, key.id));
  }
});
afterEach(async () => {
  setClock(null);
  await policy(null);
});

/** What the keys list and lib/verify decide: working under `current`, ended at once under `next`. */
function expected(current: number | null, next: number): number {
  return Object.values(keys).filter((k) => {
    const times = { expiresAt: null, graceEndsAt: null, disabledAt: null, ...k };
    const before = keyState(times, current, T0).state;
    return (before === "active" || before === "expiring") && keyState(times, next, T0).state === "expired";
  }).length;
}

describe("previewKeyPolicy", () => {
  it("counts the working keys older than the new maximum, a key exactly that old included", async () => {
    setClock(() => T0);
    // old, exactlyThirty, oldExpiringLater, oldInGrace, ancient; not the young, disabled, expired or grace-ended ones.
    expect(await previewKeyPolicy({ maxLifetimeDays: 30 })).toEqual({ endsAtOnce: 5 });
    expect(expected(null, 30)).toBe(5);
    for (const days of [1, 10, 11, 29, 31, 39, 40, 41, 99, 100, 101, 3650]) expect((await previewKeyPolicy({ maxLifetimeDays: days })).endsAtOnce, `${days} days`).toBe(expected(null, days));
  });

  it("keys the current maximum already ended are not counted again", async () => {
    setClock(() => T0);
    await policy(90);
    expect(await previewKeyPolicy({ maxLifetimeDays: 30 })).toEqual({ endsAtOnce: 4 });
    expect(expected(90, 30)).toBe(4);
  });

  it("no maximum ends nothing; a later clock counts more", async () => {
    setClock(() => T0);
    expect(await previewKeyPolicy({ maxLifetimeDays: null })).toEqual({ endsAtOnce: 0 });
    setClock(() => T0 + 20 * DAY_MS);
    // young is 30 days old by then; oldExpiringLater and oldInGrace have ended on their own.
    expect((await previewKeyPolicy({ maxLifetimeDays: 30 })).endsAtOnce).toBe(4);
  });

  it("the action validates as Save does and is refused to viewers", async () => {
    setClock(() => T0);
    expect(await previewKeyPolicyAction(null, form({ maxLifetimeDays: "30", defaultExpiryDays: "30" }))).toEqual({ ok: true, data: { endsAtOnce: 5 } });
    expect(await previewKeyPolicyAction(null, form({ maxLifetimeDays: "0", defaultExpiryDays: "" }))).toMatchObject({ ok: false, fieldErrors: { maxLifetimeDays: [expect.any(String)] } });
    signAs(await createAdministrator("viewer"));
    expect(await previewKeyPolicyAction(null, form({ maxLifetimeDays: "30", defaultExpiryDays: "30" }))).toMatchObject({ ok: false });
  });
});
