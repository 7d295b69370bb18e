// The secrets scan (issue 5): after administrators and keys have been created, used and deleted
// through the dashboard's actions, no plaintext API key and no password is in any column of any
// table, nor in anything the server code printed. The authentication API's logs are scanned in
// tests/contract (bad-input, opik-auth, fuzz), and page HTML after the reveal in e2e/api-keys.spec.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import { administrators } from "@/db/schema";
import { addPersonAction, removePersonAction, updatePersonAction } from "@/lib/actions/people";
import { createApiKey, deleteApiKey } from "@/lib/actions/api-keys";
import { deleteServiceAccount } from "@/lib/actions/service-accounts";
import { hashApiKey } from "@/lib/keys";
import { verifyApiKey } from "@/lib/verify";
import { everyStoredValue, newAccount, newWorkspace } from "../support/api-key-fixtures";
import { form, signAs } from "../support/fixtures";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
const { setupAction, signInAction } = await import("@/lib/actions/auth");

const passwords = {
  first: "first administrator password 1",
  colleague: "colleague's own password 2",
  viewer: "viewer password number 3",
  refused: "a password that was refused 4",
  signIn: "typed at the sign-in form 5",
};
const keys: { id: string; key: string; serviceAccountId: string }[] = [];
const printed: string[] = [];

beforeAll(async () => {
  // Everything printed from here on, by any means.
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(" ")));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }

  expect(await setupAction(null, form({ email: "first@example.test", name: "First", password: passwords.first }))).toEqual({ ok: true });
  const [first] = await getDb().select().from(administrators);
  signAs({ id: first!.id, email: first!.email, name: first!.name, role: "admin" });
  const colleague = await addPersonAction(null, form({ allWorkspaces: "true", email: "colleague@example.test", name: "Colleague", role: "admin", password: passwords.colleague }));
  const viewer = await addPersonAction(null, form({ allWorkspaces: "true", email: "viewer@example.test", name: "Viewer", role: "viewer", password: passwords.viewer }));
  expect(await addPersonAction(null, form({ allWorkspaces: "true", email: "VIEWER@example.test", name: "Again", role: "admin", password: passwords.refused }))).toMatchObject({ ok: false });
  expect(await signInAction(null, form({ email: "first@example.test", password: passwords.signIn }))).toEqual({ ok: true });

  const ws = await newWorkspace();
  const accounts = [await newAccount({ defaultWorkspaceId: ws.id }), await newAccount(), await newAccount()];
  for (const account of accounts) {
    for (const name of ["ci", "", "backup"]) {
      const result = await createApiKey(null, form({ serviceAccountId: account.id, name }));
      if (!result.ok) throw new Error(result.message);
      keys.push({ id: result.data!.id, key: result.data!.key, serviceAccountId: account.id });
    }
  }
  // Keys are used (last-used bookkeeping), deleted one by one, and deleted with their account.
  for (const { key } of keys) expect((await verifyApiKey(key, null)).valid).toBe(true);
  expect(await verifyApiKey(keys[0]!.key, "no-such-workspace")).toMatchObject({ valid: false });
  expect(await deleteApiKey(null, form({ serviceAccountId: keys[1]!.serviceAccountId, keyId: keys[1]!.id }))).toMatchObject({ ok: true });
  expect(await deleteServiceAccount(null, form({ id: accounts[2]!.id, confirmName: accounts[2]!.name }))).toMatchObject({ ok: true });
  if (!colleague.ok || !viewer.ok) throw new Error("administrators not created");
  expect(await updatePersonAction(null, form({ allWorkspaces: "true", id: viewer.data!.id, name: "Viewer", role: "admin", defaultWorkspaceId: ws.id }))).toMatchObject({ ok: true });
  expect(await removePersonAction(null, form({ id: colleague.data!.id }))).toMatchObject({ ok: true });
  console.warn("capture probe");
});
afterAll(() => {
  vi.restoreAllMocks();
});

/** The key, and its 32 random characters without the prefix and checksum. */
const forms = (key: string) => [key, key.slice(key.indexOf("_") + 1, key.indexOf("_") + 33)];

describe("after keys and administrators went through the dashboard", () => {
  it("the scan reads the tables that matter (it would see a leak)", async () => {
    const stored = await everyStoredValue();
    const places = new Set(stored.map((s) => s.where));
    for (const column of ["public.api_keys.hash", "public.api_keys.hint", "public.administrators.password_hash", "public.audit_events.details"]) {
      expect(places).toContain(column);
    }
    const live = keys.filter((_k, i) => i !== 1 && i < 6);
    for (const { key } of live) expect(stored.some((s) => s.value === hashApiKey(key)), "the hash of a live key is stored").toBe(true);
    expect(stored.filter((s) => s.where === "public.administrators.password_hash").every((s) => s.value.startsWith("$argon2id$"))).toBe(true);
  });

  it("no column of any table holds a plaintext key (whole or its random part) or a password", async () => {
    const stored = await everyStoredValue();
    const secrets = [...keys.flatMap((k) => forms(k.key)), ...Object.values(passwords)];
    const leaks = secrets.flatMap((secret) => stored.filter((s) => s.value.includes(secret)).map((s) => `${s.where}: ${secret.slice(0, 8)}…`));
    expect(leaks).toEqual([]);
  });

  it("nothing printed holds a plaintext key or a password", () => {
    const output = printed.join("\n");
    expect(output, "the capture works").toContain("capture probe");
    const secrets = [...keys.flatMap((k) => forms(k.key)), ...Object.values(passwords)];
    expect(secrets.filter((secret) => output.includes(secret)).map((s) => `${s.slice(0, 8)}…`)).toEqual([]);
  });
});
