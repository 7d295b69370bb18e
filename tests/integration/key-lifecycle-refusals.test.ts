// Issue 12 "Bad input" for Roll key, Disable key and End grace period now: a grace period not in the
// list, a key of another account, a key whose account was deleted meanwhile, and a roll racing a
// delete. Each is refused with a message and writes nothing; the race leaves either the roll whole
// (a working new key, its audit event) or nothing of it.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { apiKeys, auditEvents } from "@/db/schema";
import { rollApiKey as rollAction } from "@/lib/actions/api-keys";
import { INVALID_MESSAGE } from "@/lib/actions/define-action";
import { deleteApiKey } from "@/lib/domain/api-keys";
import { endGracePeriod, rollApiKey, setApiKeyDisabled } from "@/lib/domain/key-lifecycle";
import { deleteServiceAccount, type MutationContext } from "@/lib/domain/service-accounts";
import { verifyApiKey } from "@/lib/verify";
import { newAccount, newKey } from "../support/api-key-fixtures";
import { expectNothingWritten } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

let admin: AdministratorDto;
let ctx: MutationContext;

beforeAll(async () => {
  admin = await createAdministrator("admin");
  ctx = { actor: { id: admin.id, email: admin.email }, clientAddress: "203.0.113.9" };
});
beforeEach(() => signAs(admin));

const keyRows = (serviceAccountId: string) => getDb().select().from(apiKeys).where(eq(apiKeys.serviceAccountId, serviceAccountId));
const valid = async (key: string) => (await verifyApiKey(key, null)).valid;

describe("Roll key's grace period", () => {
  it.each(["2h", "forever", "", "1h ", "NOW", "-1", "86400"])("%j is not in the list: an inline error, nothing written", async (grace) => {
    const account = await newAccount();
    const key = await newKey(account.id, "deploy");
    await expectNothingWritten(async () => {
      const result = await rollAction(null, form({ serviceAccountId: account.id, keyId: key.id, grace }));
      expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { grace: [expect.stringMatching(/how long the old key keeps working/)] } });
    });
    expect(await keyRows(account.id)).toHaveLength(1);
    expect(await valid(key.key)).toBe(true);
  });

  it("a missing grace field is the same inline error", async () => {
    const account = await newAccount();
    const key = await newKey(account.id);
    const result = await rollAction(null, form({ serviceAccountId: account.id, keyId: key.id }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { grace: [expect.any(String)] } });
  });
});

describe("a key of another account", () => {
  it("cannot be rolled, disabled or have its grace period ended through that account", async () => {
    const owner = await newAccount();
    const other = await newAccount();
    const key = await newKey(owner.id, "theirs");
    const rolledOk = await rollApiKey({ serviceAccountId: owner.id, keyId: (await newKey(owner.id, "rolled")).id, grace: "24h" }, ctx);
    if (!rolledOk.ok) throw new Error(rolledOk.message);
    const [graced] = (await keyRows(owner.id)).filter((r) => r.name === "rolled" && r.rolledToKeyId !== null);
    await expectNothingWritten(async () => {
      for (const attempt of [
        rollApiKey({ serviceAccountId: other.id, keyId: key.id, grace: "1h" }, ctx),
        setApiKeyDisabled({ serviceAccountId: other.id, keyId: key.id, disabled: true }, ctx),
        endGracePeriod({ serviceAccountId: other.id, keyId: graced!.id }, ctx),
      ]) {
        expect(await attempt).toMatchObject({ ok: false, message: expect.stringMatching(`does not exist on "${other.name}"`) });
      }
    });
    expect(await valid(key.key)).toBe(true);
    expect((await keyRows(other.id)).length).toBe(0);
  });
});

describe("a key whose account was deleted meanwhile (a stale form)", () => {
  it("Roll key, Disable key and End grace period now say the account is gone and write nothing", async () => {
    const account = await newAccount();
    const key = await newKey(account.id, "stale");
    expect(await deleteServiceAccount({ id: account.id, confirmName: account.name }, ctx)).toMatchObject({ ok: true });
    await expectNothingWritten(async () => {
      for (const attempt of [
        rollApiKey({ serviceAccountId: account.id, keyId: key.id, grace: "1h" }, ctx),
        setApiKeyDisabled({ serviceAccountId: account.id, keyId: key.id, disabled: false }, ctx),
        endGracePeriod({ serviceAccountId: account.id, keyId: key.id }, ctx),
      ]) {
        expect(await attempt).toMatchObject({ ok: false, message: "This service account no longer exists." });
      }
    });
    expect(await valid(key.key)).toBe(false);
  });
});

describe("a roll and a delete of the same key, started together", () => {
  it("leave either the roll whole or nothing of it, ten times over", async () => {
    const account = await newAccount();
    for (let round = 0; round < 10; round++) {
      const key = await newKey(account.id, `race-${round}`);
      const [rolled, deleted] = await Promise.all([
        rollApiKey({ serviceAccountId: account.id, keyId: key.id, grace: "1h" }, ctx),
        deleteApiKey({ serviceAccountId: account.id, keyId: key.id }, ctx),
      ]);
      expect(deleted.ok).toBe(true);
      expect(await valid(key.key)).toBe(false);
      const left = (await keyRows(account.id)).filter((r) => r.name === `race-${round}`);
      const rolls = await getDb().select().from(auditEvents).where(eq(auditEvents.action, "api_key.roll"));
      const rollOfThis = rolls.filter((e) => (e.details as { rolledFromKeyId?: string } | null)?.rolledFromKeyId === key.id);
      if (rolled.ok) {
        // The roll committed first: its new key works, no longer tied to the deleted one, and the roll is audited once.
        expect(left.map((r) => r.id)).toEqual([rolled.data!.id]);
        expect(await valid(rolled.data!.key)).toBe(true);
        expect(rollOfThis).toHaveLength(1);
      } else {
        expect(rolled.message).toMatch(/does not exist/);
        expect(left).toHaveLength(0);
        expect(rollOfThis).toHaveLength(0);
      }
    }
  });
});
