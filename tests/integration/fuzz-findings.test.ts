// Inputs the fuzzer (fuzz-actions.test.ts) found to crash server actions, pinned down as plain
// examples so they stay fixed. A crash is an unexpected error: the error page instead of a message.
import { count } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { serviceAccounts } from "@/db/schema";
import { createServiceAccount } from "@/lib/actions/service-accounts";
import { tableCounts } from "../support/db-helpers";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";
import { discoverServerActions } from "../support/server-actions";

const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const actions = (await discoverServerActions()).filter((a) => a.name !== "signOutAction");
let admin: AdministratorDto;

beforeAll(async () => {
  admin = await createAdministrator("admin");
});
beforeEach(() => signAs(admin));

// Copying FormData into `{}` with `out[key] = value` (lib/actions/define-action.ts, toPlainObject)
// let a field named "__proto__" replace the object's prototype: with a file as its value, reading or
// writing `name` then threw a TypeError. Any multipart POST to an action endpoint can carry one.
describe('a FormData field named "__proto__"', () => {
  /** The file first: every field after it is then written onto a File prototype. */
  const withProto = (fields: Record<string, string>) => {
    const fd = new FormData();
    fd.append("__proto__", new Blob(["x"]), "x.txt");
    for (const [key, value] of Object.entries(fields)) fd.append(key, value);
    return fd;
  };
  it.each(actions.map((a) => [a.name, a] as const))("%s answers with a result, it does not throw", async (_name, a) => {
    const before = await tableCounts();
    await expect(a.run(null, withProto({}))).resolves.toMatchObject({ ok: false });
    await expect(a.run(null, withProto({ name: uniqueName("proto") }))).resolves.toMatchObject({ ok: expect.any(Boolean) });
    expect((await tableCounts()).administrators).toBe(before.administrators);
  });

  it("as a plain string it is ignored, and the other fields still count", async () => {
    const fd = form({ name: uniqueName("proto-str"), allWorkspaces: "true" });
    fd.append("__proto__", "x");
    await expect(createServiceAccount(null, fd)).resolves.toMatchObject({ ok: true });
  });
});

// The description was the one free-text field stored without a control-character check; Postgres
// text cannot hold U+0000, so the insert failed with "invalid byte sequence for encoding UTF8: 0x00".
describe("a service account description containing U+0000", () => {
  it.each(["\u0000", "deploys\u0000prod", "line\u0000"])("%j is refused on the description field, nothing stored", async (description) => {
    const before = await tableCounts();
    const result = await createServiceAccount(null, form({ allWorkspaces: "true", name: uniqueName("nul"), description }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { description: [expect.any(String)] } });
    expect(await tableCounts()).toEqual(before);
    expect((await getDb().select({ n: count() }).from(serviceAccounts))[0]!.n).toBe(before.serviceAccounts);
  });
});
