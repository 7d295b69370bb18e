import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { serviceAccountWorkspaces } from "@/db/schema";
import { deleteApiKey } from "@/lib/actions/api-keys";
import { deleteServiceAccount } from "@/lib/actions/service-accounts";
import { generateApiKey } from "@/lib/keys";
import { verifyApiKey, type VerifyResult } from "@/lib/verify";
import { answerVerifyRequest } from "@/lib/verify/native-endpoint";
import { inProcess } from "../support/in-process";
import { newAccount, newKey, newWorkspace, untouchableDb } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs } from "../support/fixtures";

/** In-process, as before: no client address, so no refused-check limit. */
const handleVerifyRequest = inProcess(answerVerifyRequest);

type Ws = { id: string; name: string };
type Account = { id: string; name: string };
let prod: Ws, dev: Ws, other: Ws;
/** default prod, authorized prod + dev */
let restricted: Account;
let restrictedKey: string;
/** no default, no authorized workspaces: may use any */
let open: Account;
let openKey: string;
/** default dev, no authorized workspaces */
let openWithDefault: Account;
let openWithDefaultKey: string;

const smartSuffix = `*${Buffer.from(JSON.stringify({ baseUrl: "https://opik.example.com/" })).toString("base64")}`;

function messageOf(result: VerifyResult): string {
  return result.valid ? "" : result.message;
}

beforeAll(async () => {
  signAs(await createAdministrator("admin"));
  [prod, dev, other] = [await newWorkspace("prod"), await newWorkspace("dev"), await newWorkspace("other")];
  restricted = await newAccount({ defaultWorkspaceId: prod.id, authorizedWorkspaceIds: [prod.id, dev.id] });
  restrictedKey = (await newKey(restricted.id)).key;
  open = await newAccount();
  openKey = (await newKey(open.id)).key;
  openWithDefault = await newAccount({ defaultWorkspaceId: dev.id });
  openWithDefaultKey = (await newKey(openWithDefault.id)).key;
});

describe("verifyApiKey: refused before any database read", () => {
  const wrongChecksum = () => {
    const key = generateApiKey();
    return key.slice(0, -1) + (key.endsWith("0") ? "1" : "0");
  };

  it("the untouchable database really fails any lookup", async () => {
    await expect(verifyApiKey(generateApiKey(), null, untouchableDb)).rejects.toThrow(/database was used/);
  });

  it.each<[string, () => string | null | undefined, string]>([
    ["a wrong checksum", wrongChecksum, "malformed_key"],
    ["a wrong checksum behind a smart-key suffix", () => wrongChecksum() + smartSuffix, "malformed_key"],
    ["one changed random character", () => { const k = generateApiKey(); return k.slice(0, 9) + (k[9] === "a" ? "b" : "a") + k.slice(10); }, "malformed_key"],
    ["a truncated key", () => generateApiKey().slice(0, -1), "malformed_key"],
    ["10,000 characters", () => "opsa_" + "a".repeat(9995), "malformed_key"],
    ["a Bearer scheme", () => `Bearer ${generateApiKey()}`, "malformed_key"],
    ["unicode look-alikes", () => `\u043epsa${generateApiKey().slice(4)}`, "malformed_key"],
    ["a smart-key suffix alone", () => smartSuffix, "missing_key"],
    ["an empty key", () => "", "missing_key"],
    ["whitespace", () => " \t\n", "missing_key"],
    ["null", () => null, "missing_key"],
    ["undefined", () => undefined, "missing_key"],
  ])("%s", async (_label, input, code) => {
    const result = await verifyApiKey(input(), "default", untouchableDb);
    expect(result).toMatchObject({ valid: false, code, message: expect.stringMatching(/API key/) });
  });
});

describe("verifyApiKey: keys", () => {
  it("refuses a well-formed key that was never issued", async () => {
    expect(await verifyApiKey(generateApiKey(), null)).toMatchObject({ valid: false, code: "unknown_key", message: expect.stringMatching(/invalid or has been revoked/) });
  });

  it("refuses a deleted key on the next check", async () => {
    const { id, key } = await newKey(open.id);
    expect(await verifyApiKey(key, other.name)).toMatchObject({ valid: true });
    expect(await deleteApiKey(null, form({ serviceAccountId: open.id, keyId: id }))).toMatchObject({ ok: true });
    expect(await verifyApiKey(key, other.name)).toMatchObject({ valid: false, code: "unknown_key" });
  });

  it("refuses every key of a deleted account", async () => {
    const account = await newAccount({ defaultWorkspaceId: dev.id });
    const keys = [(await newKey(account.id)).key, (await newKey(account.id)).key];
    expect(await deleteServiceAccount(null, form({ id: account.id, confirmName: account.name }))).toMatchObject({ ok: true });
    for (const key of keys) expect(await verifyApiKey(key, "default")).toMatchObject({ valid: false, code: "unknown_key" });
  });

  it("accepts a key sent with an Opik smart-key suffix or surrounding whitespace", async () => {
    const expected = { valid: true, code: "ok", serviceAccount: restricted, workspace: prod };
    expect(await verifyApiKey(restrictedKey + smartSuffix, "default")).toMatchObject(expected);
    expect(await verifyApiKey(` ${restrictedKey}\n`, "default")).toMatchObject(expected);
  });

  it("never puts the key in a message", async () => {
    const { key } = await newKey(restricted.id);
    const results = [
      await verifyApiKey(key, other.name),
      await verifyApiKey(key, "no-such-workspace"),
      await verifyApiKey(key.slice(0, -1), null),
      await verifyApiKey(key.slice(0, -1) + smartSuffix, null),
      await verifyApiKey(openKey, "default"),
      await verifyApiKey(generateApiKey(), null),
    ];
    for (const result of results) {
      expect(result.valid).toBe(false);
      expect(messageOf(result)).not.toContain(key.slice(5, 20));
      expect(messageOf(result)).not.toContain(openKey.slice(5, 20));
    }
  });
});

describe("verifyApiKey: workspaces", () => {
  it("accepts an authorized workspace and returns its id", async () => {
    expect(await verifyApiKey(restrictedKey, dev.name)).toEqual({
      valid: true, code: "ok", kind: "service_account", keyId: expect.any(String), serviceAccount: restricted, workspace: dev, expiresAt: null, scope: { name: "full", permissions: null },
    });
  });

  it("refuses a workspace outside the authorized ones, naming it", async () => {
    const result = await verifyApiKey(restrictedKey, other.name);
    expect(result).toEqual({ valid: false, code: "workspace_not_authorized", message: expect.stringContaining(`"${other.name}"`) });
  });

  it("refuses an unknown name as an unknown workspace, quoting it", async () => {
    for (const key of [restrictedKey, openKey]) {
      expect(await verifyApiKey(key, "no-such-workspace")).toMatchObject({
        valid: false,
        code: "unknown_workspace",
        message: expect.stringMatching(/"no-such-workspace" does not exist/),
      });
    }
  });

  // A name no workspace can have is refused without being quoted back (it may be a pasted key).
  it.each([
    ["a LIKE pattern", "prod%"],
    ["SQL", "x' or '1'='1"],
    ["64 characters", "a".repeat(64)],
  ])("refuses %s as an unknown workspace without echoing it", async (_label, name) => {
    for (const key of [restrictedKey, openKey]) {
      const result = await verifyApiKey(key, name);
      expect(result).toMatchObject({ valid: false, code: "unknown_workspace", message: expect.stringMatching(/not valid/) });
      expect(messageOf(result)).not.toContain(name);
    }
  });

  it("keeps the message short and printable for a hostile workspace name", async () => {
    const message = messageOf(await verifyApiKey(openKey, `\u0000\u001b[2J${"w".repeat(10_000)}`));
    expect(message.length).toBeLessThan(200);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
  });

  it("resolves a workspace name written in another letter case to the canonical one", async () => {
    expect(await verifyApiKey(restrictedKey, prod.name.toUpperCase())).toMatchObject({ valid: true, workspace: prod });
    expect(await verifyApiKey(openKey, ` ${other.name.replace(/^./, (c) => c.toUpperCase())} `)).toMatchObject({ valid: true, workspace: other });
  });

  it.each(["default", "DEFAULT", "Default", " default "])("resolves %j to the account's default workspace", async (name) => {
    expect(await verifyApiKey(restrictedKey, name)).toMatchObject({ valid: true, serviceAccount: restricted, workspace: prod });
    expect(await verifyApiKey(openWithDefaultKey, name)).toMatchObject({ valid: true, serviceAccount: openWithDefault, workspace: dev });
  });

  it("refuses default for an account without one, saying to set one", async () => {
    const result = await verifyApiKey(openKey, "Default");
    expect(result).toMatchObject({ valid: false, code: "no_default_workspace" });
    expect(messageOf(result)).toMatch(/no default workspace/i);
    expect(messageOf(result)).toMatch(/Set one/);
  });

  // The dashboard keeps the default among the authorized workspaces, but nothing in the schema does:
  // a link removed later (by SQL today, by an edit feature tomorrow) must not widen access.
  // BUG: lib/verify/index.ts line 69 returns the default workspace for an empty workspace name
  // before the authorization check that "default" gets on line 72.
  it("never hands out a default workspace the account is no longer authorized for", async () => {
    const account = await newAccount({ defaultWorkspaceId: prod.id, authorizedWorkspaceIds: [prod.id, dev.id] });
    const { key } = await newKey(account.id);
    await getDb()
      .delete(serviceAccountWorkspaces)
      .where(and(eq(serviceAccountWorkspaces.serviceAccountId, account.id), eq(serviceAccountWorkspaces.workspaceId, prod.id)));
    const byAlias = await verifyApiKey(key, "default");
    expect(byAlias).toMatchObject({ valid: false, code: "workspace_not_authorized", message: expect.stringContaining(`"${prod.name}"`) });
    expect(await verifyApiKey(key, prod.name)).toMatchObject({ valid: false, code: "workspace_not_authorized" });
    expect(await verifyApiKey(key, null)).not.toMatchObject({ valid: true, workspace: prod });
  });

  it.each([null, undefined, "", "   "])("with no workspace (%j) answers valid with the default workspace or none", async (name) => {
    expect(await verifyApiKey(restrictedKey, name)).toMatchObject({ valid: true, workspace: prod });
    expect(await verifyApiKey(openKey, name)).toMatchObject({ valid: true, serviceAccount: open, workspace: null });
  });

  it("lets an unrestricted account use every existing workspace", async () => {
    for (const ws of [prod, dev, other]) expect(await verifyApiKey(openKey, ws.name)).toMatchObject({ valid: true, serviceAccount: open, workspace: ws });
    expect(await verifyApiKey(openWithDefaultKey, other.name)).toMatchObject({ valid: true, workspace: other });
  });
});

describe("POST /api/v1/keys/verify", () => {
  const url = "http://localhost/api/v1/keys/verify";
  const post = (body: BodyInit | null, contentType: string | null = "application/json") =>
    handleVerifyRequest(
      new Request(url, { method: "POST", body, duplex: "half", headers: contentType ? { "content-type": contentType } : {} } as RequestInit),
    );
  const postJson = (value: unknown) => post(JSON.stringify(value));

  async function expectRefused(response: Response, status: number, code?: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body).toEqual({ valid: false, code: code ?? expect.any(String), message: expect.stringMatching(/\w{3}/) });
    return body as { message: string };
  }

  it("answers a valid key with 200 and the account and workspace", async () => {
    const response = await postJson({ key: restrictedKey, workspace: "default" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ valid: true, code: "ok", serviceAccount: restricted, workspace: prod, expiresAt: null, scope: expect.objectContaining({ name: "full" }) });
    expect(await (await postJson({ key: openKey })).json()).toEqual({ valid: true, code: "ok", serviceAccount: open, workspace: null, expiresAt: null, scope: expect.objectContaining({ name: "full" }) });
  });

  it("answers a deleted key with 401 unknown_key on the next request", async () => {
    const { id, key } = await newKey(open.id);
    expect((await postJson({ key })).status).toBe(200);
    await deleteApiKey(null, form({ serviceAccountId: open.id, keyId: id }));
    const body = await expectRefused(await postJson({ key }), 401, "unknown_key");
    expect(body.message).not.toContain(key.slice(5, 20));
  });

  it.each([
    ["a wrong checksum", () => ({ key: restrictedKey.slice(0, -1) + (restrictedKey.endsWith("A") ? "B" : "A") }), 401, "malformed_key"],
    ["an empty key", () => ({ key: "" }), 401, "missing_key"],
    ["a unicode key", () => ({ key: "🔑ключ-キー" }), 401, "malformed_key"],
    ["a workspace outside the authorized ones", () => ({ key: restrictedKey, workspace: other.name }), 403, "workspace_not_authorized"],
    ["an unknown workspace", () => ({ key: restrictedKey, workspace: "nowhere" }), 403, "unknown_workspace"],
    ["default without a default workspace", () => ({ key: openKey, workspace: "default" }), 403, "no_default_workspace"],
  ] as const)("refuses %s with %i %s", async (_label, body, status, code) => {
    await expectRefused(await postJson(body()), status, code);
  });

  it.each([
    ["no body", 400, () => post(null)],
    ["no body and no content type", 415, () => post(null, null)],
    ["an empty body", 400, () => post("")],
    ["non-JSON", 400, () => post("key=opsa_abc")],
    ["truncated JSON", 400, () => post('{"key": "opsa_')],
    ["invalid UTF-8", 400, () => post(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))],
    ["a text/plain body", 415, () => post(JSON.stringify({ key: "x" }), "text/plain")],
    ["a form body", 415, () => post("key=x", "application/x-www-form-urlencoded")],
    ["a 1 MB body", 413, () => postJson({ key: "k".repeat(1024 * 1024) })],
    ["a 1 MB streamed body", 413, () => post(new Blob(["{\"key\":\"", "k".repeat(1024 * 1024), "\"}"]).stream())],
    ["a key of 10,000 characters", 400, () => postJson({ key: "opsa_" + "a".repeat(9995) })],
    ["null", 400, () => postJson(null)],
    ["a number", 400, () => postJson(42)],
    ["a string", 400, () => postJson("opsa_abc")],
    ["an array", 400, () => postJson([{ key: "opsa_abc" }])],
    ["an empty object", 400, () => postJson({})],
    ["{key: 5}", 400, () => postJson({ key: 5 })],
    ["{key: []}", 400, () => postJson({ key: [] })],
    ["{key: null}", 400, () => postJson({ key: null })],
    ["{key: {}}", 400, () => postJson({ key: {} })],
    ["{workspace: 5}", 400, () => postJson({ key: "opsa_abc", workspace: 5 })],
    ["{workspace: []}", 400, () => postJson({ key: "opsa_abc", workspace: [] })],
    ["a 10,000-character workspace", 400, () => postJson({ key: "opsa_abc", workspace: "w".repeat(10_000) })],
    ["a __proto__ key", 400, () => post('{"__proto__": {"key": "opsa_abc"}}')],
    ["deeply nested JSON", 400, () => post(`${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`)],
  ] as const)("answers %s with a clear %i JSON error", async (_label, status, send) => {
    await expectRefused(await send(), status);
  });

  it("passes {workspace: 5} with a real key as a 400, not as a check of the default workspace", async () => {
    await expectRefused(await postJson({ key: restrictedKey, workspace: 5 }), 400, "bad_request");
  });
});
