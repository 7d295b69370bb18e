import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { listServiceAccounts } from "@/db/queries/service-accounts";
import { apiKeys } from "@/db/schema";
import { createApiKey, deleteApiKey } from "@/lib/actions/api-keys";
import { INVALID_MESSAGE, SIGNED_OUT_MESSAGE, UNREADABLE_MESSAGE } from "@/lib/actions/define-action";
import { deleteServiceAccount } from "@/lib/actions/service-accounts";
import { READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { hashApiKey, keyHint, parseApiKey } from "@/lib/keys";
import { serviceAccountListParamsSchema } from "@/lib/validations/service-accounts";
import { verifyApiKey } from "@/lib/verify";
import { everyStoredValue, newAccount, newKey, newWorkspace, withBrokenAuditLog } from "../support/api-key-fixtures";
import { apiKeyCount, auditEventsFor, CLIENT_ADDRESS, insertApiKey, tableCounts } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

let admin: AdministratorDto;
let viewer: AdministratorDto;

async function expectNothingWritten<T>(call: () => Promise<T>): Promise<T> {
  const before = await tableCounts();
  const result = await call();
  expect(await tableCounts()).toEqual(before);
  return result;
}

async function keyRow(id: string) {
  const [row] = await getDb().select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ?? null;
}

beforeAll(async () => {
  admin = await createAdministrator("admin");
  viewer = await createAdministrator("viewer");
});

beforeEach(() => signAs(admin));

describe("createApiKey", () => {
  it("reveals the full key once and stores only its SHA-256 and a hint", async () => {
    const account = await newAccount();
    const result = await createApiKey(null, form({ serviceAccountId: account.id, name: "  ci deploy  " }));
    expect(result).toMatchObject({ ok: true, data: { name: "ci deploy", serviceAccountName: account.name, lastUsedAt: null } });
    const data = result.ok ? result.data! : null!;
    expect(data.key).toMatch(/^opsa_[0-9A-Za-z]{38}$/);
    expect(parseApiKey(data.key)).not.toBeNull();
    expect(Object.keys(data)).not.toContain("hash");
    const row = await keyRow(data.id);
    expect(row).toMatchObject({ serviceAccountId: account.id, name: "ci deploy", hash: hashApiKey(data.key), hint: keyHint(data.key), createdBy: admin.id });
    expect(data.hint).toBe(row!.hint);
    expect(await verifyApiKey(data.key, null)).toMatchObject({ valid: true, keyId: data.id, serviceAccount: account });
  });

  it("issues a different key every time, with no name when none is given", async () => {
    const account = await newAccount();
    const [a, b] = [await newKey(account.id), await newKey(account.id)];
    expect(a.key).not.toBe(b.key);
    expect((await keyRow(a.id))?.name).toBeNull();
    expect(await apiKeyCount(account.id)).toBe(2);
  });

  it("leaves the plaintext in no column of any table, audit details included", async () => {
    const account = await newAccount({ description: "scanned" });
    const keys = [await newKey(account.id, "first"), await newKey(account.id, "second"), await newKey(account.id)];
    const deleted = await newKey(account.id, "deleted");
    expect(await deleteApiKey(null, form({ serviceAccountId: account.id, keyId: deleted.id }))).toMatchObject({ ok: true });
    const stored = await everyStoredValue();
    // The scan reaches the key table and the audit log (otherwise finding nothing would prove nothing).
    expect(stored.find((s) => s.where === "public.api_keys.hash" && s.value === hashApiKey(keys[0]!.key))).toBeDefined();
    expect(stored.some((s) => s.where === "public.audit_events.details" && s.value.includes(keys[0]!.hint))).toBe(true);
    for (const { key } of [...keys, deleted]) {
      const secret = key.slice("opsa_".length, -4); // random part and checksum, minus the last 4 the hint shows
      const leaks = stored.filter((s) => s.value.includes(key) || s.value.includes(secret) || s.value.includes(secret.slice(4, 20)));
      expect(leaks.map((l) => l.where)).toEqual([]);
    }
  });

  it("records an audit event whose details name the account and the hint, never the key", async () => {
    const account = await newAccount();
    const created = await newKey(account.id, "audited");
    const [event, ...others] = await auditEventsFor(created.id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      action: "api_key.create",
      targetType: "api_key",
      targetName: "audited",
      clientAddress: CLIENT_ADDRESS,
      details: { serviceAccountId: account.id, serviceAccountName: account.name, hint: created.hint },
    });
    expect(JSON.stringify(event)).not.toContain(created.key.slice(9, 30));
  });

  it("writes neither key nor event when the audit record cannot be written", async () => {
    const account = await newAccount();
    await withBrokenAuditLog(async () => {
      await expectNothingWritten(() => expect(createApiKey(null, form({ serviceAccountId: account.id }))).rejects.toThrow());
    });
    expect(await apiKeyCount(account.id)).toBe(0);
  });

  it("refuses anonymous and viewer callers and writes nothing", async () => {
    const account = await newAccount();
    signAs(null);
    expect(await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId: account.id })))).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
    signAs(viewer);
    expect(await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId: account.id })))).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
  });

  it("refuses a deleted or unknown account with a clear message", async () => {
    const account = await newAccount();
    expect(await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }))).toMatchObject({ ok: true });
    for (const id of [account.id, randomUUID()]) {
      const result = await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId: id })));
      expect(result).toEqual({ ok: false, message: "This service account no longer exists." });
    }
  });

  it.each([
    ["10,000 characters", "k".repeat(10_000)],
    ["101 characters", "k".repeat(101)],
    ["a NUL byte", "ci\u0000deploy"],
    ["a newline", "ci\ndeploy"],
    ["an escape sequence", "ci\u001b[31mdeploy"],
    ["a DEL character", "ci\u007f"],
  ])("refuses a key name with %s as a field error and writes nothing", async (_label, name) => {
    const account = await newAccount();
    const result = await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId: account.id, name })));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { name: [expect.any(String)] } });
    expect(result.ok ? {} : result.fieldErrors).not.toHaveProperty("serviceAccountId");
  });

  it("keeps a 100-character name and unicode verbatim", async () => {
    const account = await newAccount();
    for (const name of ["n".repeat(100), "déploiement 🚀 <prod>"]) expect((await keyRow((await newKey(account.id, name)).id))?.name).toBe(name);
  });

  it.each(["", "42", "x".repeat(10_000), "'; drop table api_keys;--"])("refuses the malformed account id %#", async (serviceAccountId) => {
    const result = await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId })));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { serviceAccountId: ["Not a valid id"] } });
  });

  it("stops at 100 keys per account with a message saying so", async () => {
    const account = await newAccount();
    for (let i = 0; i < 100; i++) await insertApiKey(account.id);
    const result = await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId: account.id })));
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/at most 100 API keys/) });
  });
});

describe("deleteApiKey", () => {
  it("deletes the key, revokes it at once and records an audit event without the key", async () => {
    const account = await newAccount();
    const [kept, gone] = [await newKey(account.id, "kept"), await newKey(account.id, "gone")];
    const result = await deleteApiKey(null, form({ serviceAccountId: account.id, keyId: gone.id.toUpperCase() }));
    expect(result).toEqual({ ok: true, message: `API key ${gone.hint} deleted; it stops working now` });
    expect(await keyRow(gone.id)).toBeNull();
    expect(await keyRow(kept.id)).not.toBeNull();
    expect(await verifyApiKey(gone.key, null)).toMatchObject({ valid: false, code: "unknown_key" });
    expect(await verifyApiKey(kept.key, null)).toMatchObject({ valid: true });
    const [event] = await auditEventsFor(gone.id);
    expect(event).toMatchObject({
      actorId: admin.id,
      action: "api_key.delete",
      targetType: "api_key",
      targetName: "gone",
      clientAddress: CLIENT_ADDRESS,
      details: { serviceAccountId: account.id, serviceAccountName: account.name, hint: gone.hint },
    });
    expect(JSON.stringify(event)).not.toContain(gone.key.slice(9, 30));
  });

  it("says an already-deleted key is gone and changes nothing", async () => {
    const account = await newAccount();
    const key = await newKey(account.id);
    await newKey(account.id);
    expect(await deleteApiKey(null, form({ serviceAccountId: account.id, keyId: key.id }))).toMatchObject({ ok: true });
    const again = await expectNothingWritten(() => deleteApiKey(null, form({ serviceAccountId: account.id, keyId: key.id })));
    expect(again).toEqual({ ok: false, message: `This API key does not exist on "${account.name}". It may have been deleted already.` });
    expect(await apiKeyCount(account.id)).toBe(1);
  });

  it("refuses a key of another account and leaves that key working", async () => {
    const [mine, theirs] = [await newAccount(), await newAccount()];
    await newKey(mine.id);
    const key = await newKey(theirs.id);
    const result = await expectNothingWritten(() => deleteApiKey(null, form({ serviceAccountId: mine.id, keyId: key.id })));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`does not exist on "${mine.name}"`) });
    expect(await verifyApiKey(key.key, null)).toMatchObject({ valid: true, serviceAccount: theirs });
  });

  it("refuses a key of a deleted account with a clear message", async () => {
    const account = await newAccount();
    const key = await newKey(account.id);
    expect(await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }))).toMatchObject({ ok: true });
    const result = await expectNothingWritten(() => deleteApiKey(null, form({ serviceAccountId: account.id, keyId: key.id })));
    expect(result).toEqual({ ok: false, message: "This service account no longer exists." });
  });

  it.each(["", "not-a-uuid", `${randomUUID()}0`, "x".repeat(10_000), "1 or 1=1"])("refuses the malformed key id %#", async (keyId) => {
    const account = await newAccount();
    await newKey(account.id);
    const result = await expectNothingWritten(() => deleteApiKey(null, form({ serviceAccountId: account.id, keyId })));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { keyId: ["Not a valid id"] } });
  });

  it.each([["null", null], ["a string", "keyId=x"], ["an array", []]])("answers %s payload with a clear message", async (_l, payload) => {
    expect(await expectNothingWritten(() => deleteApiKey(null, payload))).toEqual({ ok: false, message: UNREADABLE_MESSAGE });
  });

  it("refuses anonymous and viewer callers and keeps the key", async () => {
    const account = await newAccount();
    const key = await newKey(account.id);
    for (const [who, message] of [[null, SIGNED_OUT_MESSAGE], [viewer, READ_ONLY_MESSAGE]] as const) {
      signAs(who);
      expect(await expectNothingWritten(() => deleteApiKey(null, form({ serviceAccountId: account.id, keyId: key.id })))).toEqual({ ok: false, message });
    }
    expect(await keyRow(key.id)).not.toBeNull();
  });

  it("keeps the key when the audit record cannot be written", async () => {
    const account = await newAccount();
    const key = await newKey(account.id);
    await withBrokenAuditLog(() => expect(deleteApiKey(null, form({ serviceAccountId: account.id, keyId: key.id }))).rejects.toThrow());
    expect(await verifyApiKey(key.key, null)).toMatchObject({ valid: true });
  });
});

describe("keys and their service account", () => {
  it("deleting the account revokes all its keys at once", async () => {
    const [account, other] = [await newAccount(), await newAccount()];
    const keys = [await newKey(account.id), await newKey(account.id)];
    const survivor = await newKey(other.id);
    const result = await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }));
    expect(result).toEqual({ ok: true, message: `Service account "${account.name}" deleted; 2 API keys revoked` });
    for (const { key, id } of keys) {
      expect(await keyRow(id)).toBeNull();
      expect(await verifyApiKey(key, null)).toMatchObject({ valid: false, code: "unknown_key" });
    }
    expect(await verifyApiKey(survivor.key, null)).toMatchObject({ valid: true });
  });

  it("keeps the account and every key when the delete cannot be recorded (one transaction)", async () => {
    const account = await newAccount();
    const key = await newKey(account.id);
    await withBrokenAuditLog(() => expect(deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }))).rejects.toThrow());
    expect(await apiKeyCount(account.id)).toBe(1);
    expect(await verifyApiKey(key.key, null)).toMatchObject({ valid: true, serviceAccount: account });
  });

  it("counts each account's keys in the list, following creates and deletes", async () => {
    const ws = await newWorkspace();
    const account = await newAccount({ defaultWorkspaceId: ws.id });
    const list = async () =>
      (await listServiceAccounts(getDb(), serviceAccountListParamsSchema.parse({ q: account.name }))).rows.map((r) => r.apiKeyCount);
    expect(await list()).toEqual([0]);
    const keys = [await newKey(account.id), await newKey(account.id), await newKey(account.id)];
    expect(await list()).toEqual([3]);
    await deleteApiKey(null, form({ serviceAccountId: account.id, keyId: keys[1]!.id }));
    expect(await list()).toEqual([2]);
  });
});
