// Issue 17 item 1, on both drivers: management tokens as Create token and Revoke token make them
// (lib/domain/management-tokens.ts), and what a request with one is allowed: a token acts for the
// person who created it and never beyond what they may do today. Only the hash is stored.
import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { createManagementTokenAction, revokeManagementTokenAction } from "@/lib/actions/management-tokens";
import { removePersonAction, setPersonDisabledAction, updatePersonAction } from "@/lib/actions/people";
import { generateManagementToken } from "@/lib/api/token-format";
import { setClock } from "@/lib/clock";
import { listManagementTokens } from "@/db/queries/management-tokens";
import { authenticateManagementToken } from "@/lib/domain/management-tokens";
import { tokenStatus } from "@/lib/domain/token-standing";
import { everyStoredValue } from "../support/api-key-fixtures";
import { expectNothingWritten } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

afterEach(() => setClock(null));

async function tokenOf(access: "read" | "write", expires = "30") {
  const created = await createManagementTokenAction(null, form({ name: `ci-${access}`, access, expires }));
  if (!created.ok) throw new Error(created.message);
  return created.data as { id: string; token: string; hint: string };
}

describe("management tokens", () => {
  it("Create token: shown once, only its hash stored, audited; bad input writes nothing", async () => {
    const admin = await createAdministrator("admin");
    signAs(admin);
    const { id, token, hint } = await tokenOf("write");
    expect(token).toMatch(/^samt_/);
    expect(hint).toBe(`${token.slice(0, 9)}…${token.slice(-4)}`);
    const stored = await everyStoredValue();
    expect(stored.filter((s) => s.value.includes(token.slice(9, -4)))).toEqual([]);
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, id));
    expect(event).toMatchObject({ action: "management_token.create", actorId: admin.id, details: { access: "write", hint } });
    for (const fields of [{ name: "", access: "read", expires: "30" }, { name: "x", access: "admin", expires: "30" }, { name: "x", access: "read", expires: "1000" }]) {
      expect((await expectNothingWritten(() => createManagementTokenAction(null, form(fields)))).ok).toBe(false);
    }
    // A viewer may not create one.
    signAs(await createAdministrator("viewer"));
    expect((await expectNothingWritten(() => createManagementTokenAction(null, form({ name: "v", access: "read", expires: "7" })))).ok).toBe(false);
  });

  it("a request is refused when the token is malformed, unknown, revoked or expired", async () => {
    signAs(await createAdministrator("admin"));
    const { id, token } = await tokenOf("read", "7");
    expect(await authenticateManagementToken(token)).toMatchObject({ ok: true, token: { access: "read" } });
    expect(await authenticateManagementToken(token.slice(0, -1) + (token.endsWith("a") ? "b" : "a"))).toEqual({ ok: false, reason: "malformed" });
    expect(await authenticateManagementToken(generateManagementToken())).toEqual({ ok: false, reason: "unknown" });
    const later = Date.now() + 8 * 24 * 60 * 60 * 1000;
    setClock(() => later);
    expect(await authenticateManagementToken(token)).toEqual({ ok: false, reason: "expired" });
    setClock(null);
    expect(await revokeManagementTokenAction(null, form({ id }))).toMatchObject({ ok: true });
    expect(await authenticateManagementToken(token)).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeManagementTokenAction(null, form({ id }))).toMatchObject({ ok: false });
  });

  it("a token never does more than its creator may today: viewer → reads only; member, disabled or removed → refused", async () => {
    const other = await createAdministrator("admin");
    const creator = await createAdministrator("admin");
    signAs(creator);
    const { id, token } = await tokenOf("write");
    const { token: readToken } = await tokenOf("read");
    const statusOf = async () => tokenStatus((await listManagementTokens(getDb())).find((t) => t.id === id)!, Date.now());
    expect(await authenticateManagementToken(token)).toMatchObject({ ok: true, token: { access: "write", createdBy: creator.id } });
    expect(await statusOf()).toBe("Active");
    signAs(other);
    const makeThem = (role: "admin" | "viewer" | "member") => updatePersonAction(null, form({ allWorkspaces: "true", id: creator.id, name: creator.name, role }));
    expect(await makeThem("viewer")).toMatchObject({ ok: true });
    expect(await authenticateManagementToken(token)).toMatchObject({ ok: true, token: { access: "read" } });
    expect(await statusOf()).toBe("Read only while creator is a viewer");
    // A member has no dashboard: their tokens, Read or Write, are refused like a removed creator's.
    expect(await makeThem("member")).toMatchObject({ ok: true });
    expect(await authenticateManagementToken(token)).toEqual({ ok: false, reason: "creator_member" });
    expect(await authenticateManagementToken(readToken)).toEqual({ ok: false, reason: "creator_member" });
    expect(await statusOf()).toBe("Not working — creator is a member");
    expect(await makeThem("admin")).toMatchObject({ ok: true });
    expect(await authenticateManagementToken(token)).toMatchObject({ ok: true, token: { access: "write" } });
    expect(await statusOf()).toBe("Active");
    expect(await setPersonDisabledAction(null, form({ id: creator.id, disabled: "true" }))).toMatchObject({ ok: true });
    expect(await authenticateManagementToken(token)).toEqual({ ok: false, reason: "creator_disabled" });
    expect(await statusOf()).toBe("Not working — creator is disabled");
    expect(await removePersonAction(null, form({ id: creator.id }))).toMatchObject({ ok: true });
    expect(await authenticateManagementToken(token)).toEqual({ ok: false, reason: "creator_gone" });
    expect(await statusOf()).toBe("Not working — creator was removed");
  });
});
