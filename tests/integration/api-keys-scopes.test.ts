// Scope on Add key and Roll key (issue 13 item 1), through the dashboard's actions with the form
// fields the Add key form posts: `scope`, and for Custom one `permissions` field per ticked box.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { listApiKeys } from "@/db/queries/api-keys";
import { apiKeys } from "@/db/schema";
import { createApiKey, rollApiKey } from "@/lib/actions/api-keys";
import { INVALID_MESSAGE } from "@/lib/actions/define-action";
import { missingPermission, OPIK_PERMISSIONS } from "@/lib/scopes";
import { verifyApiKey } from "@/lib/verify";
import { newAccount } from "../support/api-key-fixtures";
import { auditEventsFor, expectNothingWritten } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

let admin: AdministratorDto;

beforeAll(async () => {
  admin = await createAdministrator("admin");
});
beforeEach(() => signAs(admin));

async function keyRow(id: string) {
  const [row] = await getDb().select({ scope: apiKeys.scope, permissions: apiKeys.permissions }).from(apiKeys).where(eq(apiKeys.id, id));
  return row ?? null;
}

async function add(fields: Record<string, string | string[]>) {
  const account = await newAccount();
  return { account, result: await createApiKey(null, form({ serviceAccountId: account.id, name: "scoped", ...fields })) };
}

/** What the key, presented as the SDK would, is granted for each request's permission. */
async function decisions(key: string, required: string[]) {
  const verified = await verifyApiKey(key, null);
  if (!verified.valid) throw new Error(verified.message);
  return Object.fromEntries(required.map((p) => [p, missingPermission(verified.scope, [p]) === null]));
}

describe("createApiKey with a scope", () => {
  it.each([
    ["no scope field (Full access, the form's default)", {}, "full"],
    ["Full access", { scope: "full" }, "full"],
    ["Ingest only", { scope: "ingest" }, "ingest"],
    ["Read only", { scope: "read" }, "read"],
  ] as const)("%s: stored, listed and audited without a list of its own", async (_label, fields, scope) => {
    const { account, result } = await add(fields);
    expect(result).toMatchObject({ ok: true, data: { scope, permissions: null } });
    const data = result.ok ? result.data! : null!;
    expect(await keyRow(data.id)).toEqual({ scope, permissions: null });
    expect((await listApiKeys(getDb(), account.id)).map((k) => [k.id, k.scope, k.permissions])).toEqual([[data.id, scope, null]]);
    const [event] = await auditEventsFor(data.id);
    expect(event?.details).toMatchObject({ scope });
    expect(event?.details).not.toHaveProperty("permissions");
  });

  it("each preset decides as lib/scopes.ts says for the requests Opik sends", async () => {
    const asked = ["trace_span_thread_log", "project_data_view", "dataset_delete"];
    const granted = async (scope: string) => {
      const { result } = await add({ scope });
      if (!result.ok) throw new Error(result.message);
      return decisions(result.data!.key, asked);
    };
    expect(await granted("full")).toEqual({ trace_span_thread_log: true, project_data_view: true, dataset_delete: true });
    expect(await granted("ingest")).toEqual({ trace_span_thread_log: true, project_data_view: true, dataset_delete: false });
    expect(await granted("read")).toEqual({ trace_span_thread_log: false, project_data_view: true, dataset_delete: false });
  });

  it("a preset ignores permissions posted beside it (the presets follow lib/scopes.ts)", async () => {
    const { result } = await add({ scope: "read", permissions: ["trace_delete", "not_a_permission"] });
    expect(result).toMatchObject({ ok: true, data: { scope: "read", permissions: null } });
  });

  it("Custom: stores exactly the ticked permissions (once each), lists and audits them, and grants only those", async () => {
    const { account, result } = await add({ scope: "custom", permissions: ["trace_delete", "dataset_view", "trace_delete"] });
    expect(result).toMatchObject({ ok: true, data: { scope: "custom", permissions: ["trace_delete", "dataset_view"] } });
    const data = result.ok ? result.data! : null!;
    expect(await keyRow(data.id)).toEqual({ scope: "custom", permissions: ["trace_delete", "dataset_view"] });
    expect((await listApiKeys(getDb(), account.id))[0]).toMatchObject({ scope: "custom", permissions: ["trace_delete", "dataset_view"] });
    expect((await auditEventsFor(data.id))[0]?.details).toMatchObject({ scope: "custom", permissions: ["trace_delete", "dataset_view"] });
    expect(await decisions(data.key, ["trace_delete", "dataset_view", "project_data_view", "trace_span_thread_log"])).toEqual({
      trace_delete: true,
      dataset_view: true,
      project_data_view: false,
      trace_span_thread_log: false,
    });
  });

  it("Custom with every permission ticked is accepted", async () => {
    const { result } = await add({ scope: "custom", permissions: [...OPIK_PERMISSIONS] });
    expect(result).toMatchObject({ ok: true, data: { scope: "custom" } });
    expect(result.ok ? result.data?.permissions : null).toEqual([...OPIK_PERMISSIONS]);
  });
});

describe("createApiKey refuses a bad scope inline and writes nothing", () => {
  /** Refused with `message` among `field`'s messages (every message is shown, not just the first). */
  const refusedOn = async (fields: Record<string, string | string[]>, field: string, message: RegExp) => {
    const account = await newAccount();
    const result = await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId: account.id, name: "kept", ...fields })));
    expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE, fieldErrors: { [field]: expect.arrayContaining([expect.stringMatching(message)]) } });
    // Only that field is in error.
    expect(result.ok ? null : Object.keys(result.fieldErrors ?? {})).toEqual([field]);
    expect(await listApiKeys(getDb(), account.id)).toEqual([]);
  };

  it("Custom with no permission ticked", async () => {
    await refusedOn({ scope: "custom" }, "permissions", /^Choose at least one permission for a custom scope$/);
  });

  it("Custom with only empty fields", async () => {
    await refusedOn({ scope: "custom", permissions: ["", "  "] }, "permissions", /^Choose at least one permission/);
  });

  it("Custom with a name Opik does not have, beside a known one", async () => {
    await refusedOn({ scope: "custom", permissions: ["trace_delete", "trace_destroy"] }, "permissions", /^Not an Opik permission: "trace_destroy"$/);
  });

  it("Custom with 300 names, unknown ones", async () => {
    await refusedOn({ scope: "custom", permissions: Array.from({ length: 300 }, (_, i) => `permission_${i}`) }, "permissions", /^Choose permissions from the list$/);
  });

  it("Custom with 300 names, every one known (repeated)", async () => {
    const names = Array.from({ length: 300 }, (_, i) => OPIK_PERMISSIONS[i % OPIK_PERMISSIONS.length]!);
    await refusedOn({ scope: "custom", permissions: names }, "permissions", /^Choose permissions from the list$/);
  });

  it("Custom with a 10,000-character name, which the message does not repeat in full", async () => {
    const account = await newAccount();
    const result = await expectNothingWritten(() => createApiKey(null, form({ serviceAccountId: account.id, scope: "custom", permissions: "p".repeat(10_000) })));
    expect(result).toMatchObject({ ok: false, fieldErrors: { permissions: [expect.stringMatching(/^Not an Opik permission/)] } });
    expect(JSON.stringify(result.ok ? null : result.fieldErrors).length).toBeLessThan(200);
  });

  it.each(["admin", "FULL", "", "custom; drop table api_keys"])("a scope that is not one of the four (%j)", async (scope) => {
    await refusedOn({ scope }, "scope", /^Choose a scope$/);
  });
});

describe("rollApiKey keeps the scope", () => {
  it("a custom scope's permissions go to the new key, which is granted and refused exactly as the old one", async () => {
    const { account, result } = await add({ scope: "custom", permissions: ["dataset_view", "trace_delete"] });
    const old = result.ok ? result.data! : null!;
    const rolled = await rollApiKey(null, form({ serviceAccountId: account.id, keyId: old.id, grace: "1h" }));
    expect(rolled).toMatchObject({ ok: true, data: { scope: "custom", permissions: ["dataset_view", "trace_delete"] } });
    const fresh = rolled.ok ? rolled.data! : null!;
    expect(fresh.id).not.toBe(old.id);
    expect(await keyRow(fresh.id)).toEqual({ scope: "custom", permissions: ["dataset_view", "trace_delete"] });
    expect((await auditEventsFor(fresh.id))[0]).toMatchObject({ action: "api_key.roll", details: { scope: "custom", permissions: ["dataset_view", "trace_delete"] } });
    const asked = ["dataset_view", "trace_delete", "dataset_delete", "project_data_view"];
    expect(await decisions(fresh.key, asked)).toEqual(await decisions(old.key, asked));
    expect(await decisions(fresh.key, asked)).toEqual({ dataset_view: true, trace_delete: true, dataset_delete: false, project_data_view: false });
  });

  it("a preset stays that preset", async () => {
    const { account, result } = await add({ scope: "read" });
    const old = result.ok ? result.data! : null!;
    const rolled = await rollApiKey(null, form({ serviceAccountId: account.id, keyId: old.id, grace: "now" }));
    expect(rolled).toMatchObject({ ok: true, data: { scope: "read", permissions: null } });
  });
});
