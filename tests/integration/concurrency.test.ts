// Concurrency (issue 5): many identical requests at once. On Postgres these really overlap (a
// pool of connections, row locks and unique indexes decide); on PGlite they queue, and the
// answers must be the same.
import { count, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { apiKeys, auditEvents, serviceAccounts, workspaces } from "@/db/schema";
import { createApiKey, deleteApiKey } from "@/lib/actions/api-keys";
import { createServiceAccount, deleteServiceAccount } from "@/lib/actions/service-accounts";
import { createWorkspace } from "@/lib/actions/workspaces";
import type { ActionResult } from "@/lib/validations/action-result";
import { newAccount, newKey } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";

let admin: AdministratorDto;

/** `n` calls started together; none may throw (a throw is an error page for the user). */
async function together<T>(n: number, call: (i: number) => Promise<ActionResult<T>>): Promise<ActionResult<T>[]> {
  const settled = await Promise.allSettled(Array.from({ length: n }, (_, i) => call(i)));
  const thrown = settled.filter((s) => s.status === "rejected").map((s) => String((s as PromiseRejectedResult).reason));
  expect(thrown, "calls that threw").toEqual([]);
  return settled.map((s) => (s as PromiseFulfilledResult<ActionResult<T>>).value);
}
const failures = <T>(results: ActionResult<T>[]) => results.flatMap((r) => (r.ok ? [] : [r]));
const eventsFor = async (action: string, targetId: string) =>
  (await getDb().select({ n: count() }).from(auditEvents).where(sql`${auditEvents.action} = ${action} and ${auditEvents.targetId} = ${targetId}`))[0]!.n;

/** The same name in 50 letter cases: ci-bot, CI-BOT, Ci-Bot, ... */
function caseVariant(name: string, i: number): string {
  return [...name].map((c, j) => ((i >> j % 10) & 1 ? c.toUpperCase() : c.toLowerCase())).join("");
}

beforeAll(async () => {
  admin = await createAdministrator("admin");
});
beforeEach(() => signAs(admin));

describe("50 simultaneous creates of one service account name", () => {
  it("create exactly one account; the other 49 get a clear 'name taken' answer on the name field", async () => {
    const name = uniqueName("race-bot");
    const results = await together(50, (i) => createServiceAccount(null, form({ allWorkspaces: "true", name: caseVariant(name, i) })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = failures(results);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      // The one that was created, as it is stored (the losers typed it in other letter cases).
      expect(r.message).toMatch(/^A service account named ".+" already exists( \(names are unique whatever their letter case\))?$/);
      expect(r.fieldErrors?.name).toEqual([r.message]);
    }
    const rows = await getDb().select().from(serviceAccounts).where(eq(sql`lower(${serviceAccounts.name})`, name.toLowerCase()));
    expect(rows).toHaveLength(1);
    expect(await eventsFor("service_account.create", rows[0]!.id)).toBe(1);
  });
});

describe("20 simultaneous deletes of one API key", () => {
  it("one success, 19 clear answers that it is already gone, one audit event", async () => {
    const account = await newAccount();
    const key = await newKey(account.id);
    const results = await together(20, () => deleteApiKey(null, form({ serviceAccountId: account.id, keyId: key.id })));
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, message: expect.stringMatching(/^API key .+ deleted; it stops working now$/) }]);
    expect(failures(results).map((r) => r.message)).toEqual(
      Array(19).fill(`This API key does not exist on "${account.name}". It may have been deleted already.`),
    );
    expect(await getDb().select().from(apiKeys).where(eq(apiKeys.id, key.id))).toEqual([]);
    expect(await eventsFor("api_key.delete", key.id)).toBe(1);
  });
});

describe("more races on one target", () => {
  it("20 simultaneous deletes of one service account: one success, the rest told it is gone", async () => {
    const account = await newAccount();
    await newKey(account.id);
    const results = await together(20, () => deleteServiceAccount(null, form({ id: account.id, confirmName: account.name })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(failures(results).map((r) => r.message))).toEqual(new Set(["This service account no longer exists."]));
    expect(await eventsFor("service_account.delete", account.id)).toBe(1);
  });

  it("20 keys added while the account is deleted: every key is either refused or deleted with it", async () => {
    const account = await newAccount();
    const results = await together(21, (i) =>
      i === 10 ? deleteServiceAccount(null, form({ id: account.id, confirmName: account.name })) : createApiKey(null, form({ serviceAccountId: account.id })),
    );
    expect(results[10]).toMatchObject({ ok: true });
    for (const r of failures(results)) expect(r.message).toBe("This service account no longer exists.");
    expect(await getDb().select().from(apiKeys).where(eq(apiKeys.serviceAccountId, account.id))).toEqual([]);
  });

  it("30 simultaneous creates of one workspace name in different cases: exactly one", async () => {
    const name = uniqueName("race-ws");
    const results = await together(30, (i) => createWorkspace(null, form({ name: caseVariant(name, i) })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of failures(results)) expect(r.fieldErrors?.name?.[0]).toMatch(/already exists/);
    expect(await getDb().select().from(workspaces).where(eq(workspaces.name, name))).toHaveLength(1);
  });
});
