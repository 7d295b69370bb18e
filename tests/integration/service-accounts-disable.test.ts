// Disable service account / Enable service account (issue 12 item 2): the account's keys are refused
// on the next check while it is disabled; enabling restores exactly the keys that were enabled
// before, since each key's own state is never touched. Audited; stale requests refused cleanly.
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { apiKeys, serviceAccounts } from "@/db/schema";
import { deleteServiceAccount, setServiceAccountDisabled, updateServiceAccount } from "@/lib/actions/service-accounts";
import { READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { setClock } from "@/lib/clock";
import { ACCOUNT_GONE } from "@/lib/domain/service-accounts";
import { verifyApiKey } from "@/lib/verify";
import { newAccount, newKey } from "../support/api-key-fixtures";
import { auditEventsFor, CLIENT_ADDRESS, expectNothingWritten } from "../support/db-helpers";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";
import { editPayload } from "../support/service-account-edits";

let admin: AdministratorDto;
const AT = Date.parse("2031-05-06T07:08:09.123Z");

const disable = (id: string) => setServiceAccountDisabled(null, form({ id, disabled: "true" }));
const enable = (id: string) => setServiceAccountDisabled(null, form({ id, disabled: "false" }));
const accountDisabledAt = async (id: string) => (await getDb().select().from(serviceAccounts).where(eq(serviceAccounts.id, id)))[0]!.disabledAt;
const keyStates = async (id: string) =>
  Object.fromEntries(
    (await getDb().select({ name: apiKeys.name, disabledAt: apiKeys.disabledAt }).from(apiKeys).where(eq(apiKeys.serviceAccountId, id))).map((k) => [
      k.name,
      k.disabledAt?.toISOString() ?? null,
    ]),
  );

beforeAll(async () => {
  admin = await createAdministrator("admin");
});
beforeEach(() => signAs(admin));
afterEach(() => setClock(null));

describe("setServiceAccountDisabled", () => {
  it("disable refuses every key on the next check; enable restores exactly the keys that were enabled", async () => {
    const account = await newAccount();
    const [a, b, c] = [await newKey(account.id, "a"), await newKey(account.id, "b"), await newKey(account.id, "c")];
    const keyOff = new Date("2030-01-02T03:04:05.678Z");
    await getDb().update(apiKeys).set({ disabledAt: keyOff }).where(eq(apiKeys.id, b.id));
    const before = await keyStates(account.id);

    setClock(() => AT);
    expect(await disable(account.id)).toEqual({ ok: true, message: `Service account "${account.name}" disabled; 3 API keys refused until it is enabled` });
    expect(await accountDisabledAt(account.id)).toEqual(new Date(AT));
    for (const k of [a, b, c]) {
      expect(await verifyApiKey(k.key, null)).toMatchObject({ valid: false, code: "disabled_account", message: expect.stringContaining(`"${account.name}" is disabled`) });
    }
    expect(await keyStates(account.id)).toEqual(before);

    expect(await enable(account.id)).toEqual({
      ok: true,
      message: `Service account "${account.name}" enabled; 2 API keys work again; 1 API key disabled on its own stays disabled`,
    });
    expect(await accountDisabledAt(account.id)).toBeNull();
    expect(await keyStates(account.id)).toEqual(before);
    expect(before.b).toBe(keyOff.toISOString());
    expect(await verifyApiKey(a.key, null)).toMatchObject({ valid: true });
    expect(await verifyApiKey(c.key, null)).toMatchObject({ valid: true });
    expect(await verifyApiKey(b.key, null)).toMatchObject({ valid: false, code: "disabled_key" });
  });

  it("records one audit event each, with the key counts", async () => {
    const account = await newAccount();
    await newKey(account.id, "only");
    await disable(account.id);
    await enable(account.id);
    const [enabled, disabled] = await auditEventsFor(account.id);
    expect(disabled).toMatchObject({
      actorId: admin.id,
      action: "service_account.disable",
      targetName: account.name,
      clientAddress: CLIENT_ADDRESS,
      details: { apiKeys: 1, enabledApiKeys: 1 },
    });
    expect(enabled).toMatchObject({ action: "service_account.enable", details: { apiKeys: 1, enabledApiKeys: 1 } });
  });

  it("disabling a disabled account (or enabling an enabled one) is refused and writes nothing", async () => {
    const account = await newAccount();
    expect(await expectNothingWritten(() => enable(account.id))).toEqual({ ok: false, message: `Service account "${account.name}" is already enabled.` });
    await disable(account.id);
    const at = await accountDisabledAt(account.id);
    expect(await expectNothingWritten(() => disable(account.id))).toEqual({ ok: false, message: `Service account "${account.name}" is already disabled.` });
    expect(await accountDisabledAt(account.id)).toEqual(at);
  });

  it("a deleted account, a bad state and a viewer are refused, nothing written", async () => {
    const account = await newAccount();
    await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }));
    expect(await expectNothingWritten(() => disable(account.id))).toEqual({ ok: false, message: ACCOUNT_GONE });
    const other = await newAccount();
    expect(await expectNothingWritten(() => setServiceAccountDisabled(null, form({ id: other.id, disabled: "yes" })))).toMatchObject({
      ok: false,
      fieldErrors: { disabled: ["Choose disable or enable"] },
    });
    signAs(await createAdministrator("viewer"));
    expect(await expectNothingWritten(() => disable(other.id))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
  });

  it("a disabled account can still be edited, and stays disabled", async () => {
    const account = await newAccount();
    const { key } = await newKey(account.id);
    await disable(account.id);
    const renamed = uniqueName("still-off");
    expect(await updateServiceAccount(null, await editPayload(account.id, { name: renamed }))).toMatchObject({ ok: true });
    expect(await verifyApiKey(key, null)).toMatchObject({ valid: false, code: "disabled_account", message: expect.stringContaining(renamed) });
  });
});
