// Issue 15 item 2, first part: every change announces itself with NOTIFY on one channel, in the
// transaction that makes it (db/queries/audit.ts), so Postgres delivers it when the change commits
// and never when it is refused or rolled back. On both drivers: PGlite delivers it in-process.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { barrierStats } from "@/db/change-barrier";
import { getDbHandle } from "@/db/client";
import { CHANGE_CHANNEL, recordAuditEvent } from "@/db/queries/audit";
import { createApiKey, deleteApiKey, endGracePeriodAction, rollApiKey, setApiKeyDisabledAction } from "@/lib/actions/api-keys";
import { signOutEverywhereAction } from "@/lib/actions/people";
import { deleteServiceAccount, setServiceAccountDisabled } from "@/lib/actions/service-accounts";
import { saveKeyPolicy } from "@/lib/actions/settings";
import { createWorkspace, deleteWorkspace } from "@/lib/actions/workspaces";
import { newAccount } from "../support/api-key-fixtures";
import { createAdministrator, form, signAs } from "../support/fixtures";

const heard: string[] = [];
/** Postgres: the barriers each change sends after its commit (db/change-barrier.ts), apart. */
const barriers: string[] = [];
const hear = (payload: string) => (payload.startsWith("b:") ? barriers : heard).push(payload);
let stop: () => Promise<void>;

beforeAll(async () => {
  const handle = getDbHandle();
  if (handle.driver === "pglite") {
    const unlisten = await handle.client.listen(CHANGE_CHANNEL, hear);
    stop = unlisten;
  } else {
    // A connection of its own, as each instance's listener will have.
    const listener = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    const { unlisten } = await listener.listen(CHANGE_CHANNEL, hear);
    stop = async () => {
      await unlisten();
      await listener.end();
    };
  }
  signAs(await createAdministrator("admin"));
});
afterAll(async () => {
  await stop?.();
});

/** Runs a change and returns what was announced from its start until `action` arrived (bounded by expect.poll). */
async function announced(action: string, change: () => Promise<{ ok: boolean; message?: string }>) {
  const from = heard.length;
  const result = await change();
  expect(result.ok, result.message).toBe(true);
  await expect.poll(() => heard.slice(from), { timeout: 5_000 }).toContain(action);
  return heard.slice(from);
}

const ok = <T>(result: { ok: boolean; data?: T; message?: string }): T => {
  if (!result.ok) throw new Error(result.message);
  return result.data as T;
};

describe("every change is announced on commit", () => {
  it("API keys: add, disable, enable, roll, end grace period, delete", async () => {
    const account = await newAccount();
    const key = ok<{ id: string }>(await createApiKey(null, form({ serviceAccountId: account.id, name: "announced" })));
    const ref = { serviceAccountId: account.id, keyId: key.id };
    await announced("api_key.disable", () => setApiKeyDisabledAction(null, form({ ...ref, disabled: "true" })));
    await announced("api_key.enable", () => setApiKeyDisabledAction(null, form({ ...ref, disabled: "false" })));
    let next: { id: string } | undefined;
    await announced("api_key.roll", async () => {
      const rolled = await rollApiKey(null, form({ ...ref, grace: "1h" }));
      next = rolled.ok ? (rolled.data as { id: string }) : undefined;
      return rolled;
    });
    await announced("api_key.end_grace", () => endGracePeriodAction(null, form(ref)));
    await announced("api_key.delete", () => deleteApiKey(null, form({ serviceAccountId: account.id, keyId: next!.id })));
  });

  it("service accounts, workspaces, the key policy and people's sessions", async () => {
    const ws = ok<{ id: string; name: string }>(await createWorkspace(null, form({ name: `announced-${Date.now().toString(36)}` })));
    const account = await newAccount();
    await announced("service_account.disable", () => setServiceAccountDisabled(null, form({ id: account.id, disabled: "true" })));
    await announced("service_account.delete", () => deleteServiceAccount(null, form({ id: account.id, confirmName: account.name })));
    await announced("workspace.delete", () => deleteWorkspace(null, form({ id: ws.id })));
    await announced("key_policy.update", () => saveKeyPolicy(null, form({ maxLifetimeDays: "365", defaultExpiryDays: "90" })));
    await announced("key_policy.update", () => saveKeyPolicy(null, form({ maxLifetimeDays: "", defaultExpiryDays: "" })));
    const person = await createAdministrator("viewer");
    await announced("administrator.sign_out_everywhere", () => signOutEverywhereAction(null, form({ id: person.id })));
  });

  it("a refused change announces nothing; a rolled-back transaction announces nothing", async () => {
    const account = await newAccount();
    // Its own creation heard first: notifications arrive in commit order, so nothing older is still on its way.
    await expect.poll(() => heard.at(-1), { timeout: 5_000 }).toBe("service_account.create");
    const from = heard.length;
    // Refused: the account's name is not typed to confirm; nothing is written.
    expect((await deleteServiceAccount(null, form({ id: account.id, confirmName: "not its name" }))).ok).toBe(false);
    // Rolled back after the audit event (and its NOTIFY) was written.
    await expect(
      getDbHandle().db.transaction(async (tx) => {
        await recordAuditEvent(tx, { actor: null, action: "workspace.create", targetType: "workspace", targetId: account.id, targetName: "rolled-back", clientAddress: null });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    // A change after both: in commit order, it is the only one heard since.
    await announced("service_account.disable", () => setServiceAccountDisabled(null, form({ id: account.id, disabled: "true" })));
    expect(heard.slice(from)).toEqual(["service_account.disable"]);
  });

  it("on Postgres each change that a key check can see then sends one barrier; a sign-out everywhere sends none", async () => {
    if (getDbHandle().driver === "pglite") return expect(barriers).toEqual([]);
    const sent = () => barrierStats().sent;
    const account = await newAccount();
    const before = sent();
    ok(await setServiceAccountDisabled(null, form({ id: account.id, disabled: "true" })));
    expect(sent()).toBe(before + 1);
    ok(await signOutEverywhereAction(null, form({ id: (await createAdministrator("viewer")).id })));
    expect(sent()).toBe(before + 1);
    ok(await setServiceAccountDisabled(null, form({ id: account.id, disabled: "false" })));
    expect(sent()).toBe(before + 2);
    // And they reach a listener, as 'b:<n>'.
    await expect.poll(() => barriers.length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(barriers.every((b) => /^b:\d+$/.test(b))).toBe(true);
  });
});
