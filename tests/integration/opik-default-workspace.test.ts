import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { workspaces } from "@/db/schema";
import { createWorkspace, deleteWorkspace } from "@/lib/actions/workspaces";
import { OPIK_DEFAULT_WORKSPACE_ID, opikDefaultWorkspaceTakenMessage } from "@/lib/validations/workspaces";
import { auditEventsFor, tableCounts } from "../support/db-helpers";
import { createAdministrator, form, signAs, uniqueName } from "../support/fixtures";

// Issue 11 item 6: a workspace can take Opik's built-in workspace id, under which Opik keeps what
// it logged before authentication was on. At most one can.

let admin: AdministratorDto;

function adopting(name: string) {
  return form({ name, adoptOpikDefaultWorkspace: "on" });
}

async function expectNothingWritten<T>(call: () => Promise<T>): Promise<T> {
  const before = await tableCounts();
  const result = await call();
  expect(await tableCounts()).toEqual(before);
  return result;
}

beforeAll(async () => {
  admin = await createAdministrator("admin");
});

beforeEach(async () => {
  signAs(admin);
  // Each test starts without the adopting workspace (deleted through the dashboard's own path).
  const [row] = await getDb().select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, OPIK_DEFAULT_WORKSPACE_ID));
  if (row) expect(await deleteWorkspace(null, form({ id: row.id }))).toMatchObject({ ok: true });
});

describe("createWorkspace keeping Opik's data from before authentication", () => {
  it("gives the workspace Opik's built-in workspace id and records that in the audit event", async () => {
    const name = uniqueName("legacy");
    const result = await createWorkspace(null, adopting(name));
    expect(result).toMatchObject({ ok: true, data: { id: OPIK_DEFAULT_WORKSPACE_ID, name } });
    const [row] = await getDb().select().from(workspaces).where(eq(workspaces.id, OPIK_DEFAULT_WORKSPACE_ID));
    expect(row).toMatchObject({ name });
    const [event] = await auditEventsFor(OPIK_DEFAULT_WORKSPACE_ID);
    expect(event).toMatchObject({ action: "workspace.create", targetName: name, details: { adoptsOpikDefaultWorkspace: true } });
  });

  it("gives a random id, and no such detail, without the option", async () => {
    const result = await createWorkspace(null, form({ name: uniqueName("plain") }));
    expect(result.ok).toBe(true);
    const id = result.ok ? result.data!.id : "";
    expect(id).not.toBe(OPIK_DEFAULT_WORKSPACE_ID);
    const [event] = await auditEventsFor(id);
    expect(event?.details).toBeNull();
  });

  it("refuses a second one on the checkbox, names the holder, and writes nothing (no audit event either)", async () => {
    const holder = uniqueName("legacy");
    expect(await createWorkspace(null, adopting(holder))).toMatchObject({ ok: true });
    const name = uniqueName("other");
    const result = await expectNothingWritten(() => createWorkspace(null, adopting(name)));
    const message = opikDefaultWorkspaceTakenMessage(holder);
    expect(message).toContain(holder);
    expect(result).toEqual({ ok: false, message, fieldErrors: { adoptOpikDefaultWorkspace: [message] }, values: { name } });
  });

  it("lets exactly one of two concurrent attempts win", async () => {
    const names = [uniqueName("race-a"), uniqueName("race-b")];
    const before = await tableCounts();
    const results = await Promise.all(names.map((n) => createWorkspace(null, adopting(n))));
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]!.ok ? winners[0]!.data! : null;
    expect(winner?.id).toBe(OPIK_DEFAULT_WORKSPACE_ID);
    const message = opikDefaultWorkspaceTakenMessage(winner!.name);
    expect(losers[0]).toMatchObject({ ok: false, message, fieldErrors: { adoptOpikDefaultWorkspace: [message] } });
    const after = await tableCounts();
    expect(after.workspaces).toBe(before.workspaces! + 1);
    expect(after.auditEvents).toBe(before.auditEvents! + 1);
  });

  it("still refuses a taken name with the name's message, with or without the option", async () => {
    const taken = uniqueName("taken");
    expect(await createWorkspace(null, form({ name: taken }))).toMatchObject({ ok: true });
    const message = `A workspace named "${taken}" already exists`;
    const result = await expectNothingWritten(() => createWorkspace(null, adopting(taken.toUpperCase())));
    expect(result).toEqual({ ok: false, message, fieldErrors: { name: [message] }, values: { name: taken } });
  });
});
