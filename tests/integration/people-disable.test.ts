// Disable person / Enable person (issue 11 item 4, "person disabled"): a disabled person cannot sign
// in, every session of theirs ends at once and with it every Opik-web-UI credential; enabling lets
// them sign in again. Never yourself, never the last admin who can sign in.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { findSignedInAdministrator } from "@/db/queries/sessions";
import { auditEvents, workspaces } from "@/db/schema";
import { checkCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { sessionIdOf } from "@/lib/auth/session-token";
import { newSignInState, sha256Hex } from "@/lib/access/credential";
import { issueAccessCode, redeemAccessCodeForCredential } from "@/lib/domain/access";
import { setPersonDisabled, DISABLE_SELF_MESSAGE, LAST_ADMIN_MESSAGE } from "@/lib/domain/people";
import type { MutationContext } from "@/lib/domain/service-accounts";
import { startSession } from "@/lib/domain/sessions";
import { insertAdministrator } from "@/db/queries/administrators";
import { verifyCredential } from "@/lib/verify";
import { uniqueName } from "../support/fixtures";

const PASSWORD = "a long enough password 12";
let hash: string;
let ctx: MutationContext;

async function person(role: "admin" | "viewer" | "member") {
  const email = `${uniqueName(role)}@example.test`;
  return (await insertAdministrator(getDb(), { email, name: "P", role, passwordHash: hash }))!;
}

beforeAll(async () => {
  hash = await hashPassword(PASSWORD);
  const admin = await person("admin");
  ctx = { actor: { id: admin.id, email: admin.email }, clientAddress: null };
  await getDb().insert(workspaces).values({ name: uniqueName("ws") });
});

describe("Disable person", () => {
  it("ends their sessions and Opik-web-UI credentials at once, refuses their sign-in, and Enable undoes it", async () => {
    const p = await person("member");
    const token = await startSession({ administratorId: p.id, clientAddress: null });
    const state = newSignInState(); // the browser's sign-in state on the Opik host
    const redeemed = await redeemAccessCodeForCredential(await issueAccessCode(token, new URL("http://localhost:8080/"), sha256Hex(state)), [state], null);
    if (!redeemed.ok) throw new Error(redeemed.message);
    expect(await verifyCredential(redeemed.credential, "default")).toMatchObject({ valid: true });

    expect(await setPersonDisabled({ id: p.id, disabled: true }, ctx)).toMatchObject({ ok: true });
    expect(await findSignedInAdministrator(getDb(), sessionIdOf(token))).toBeNull();
    expect(await verifyCredential(redeemed.credential, "default")).toMatchObject({ valid: false, code: "unknown_key" });
    expect(await checkCredentials({ email: p.email, password: PASSWORD }, "203.0.113.50")).toEqual({ ok: false, code: "account_disabled" });
    // A wrong password still says only that: being disabled is told to whoever knows the password.
    expect(await checkCredentials({ email: p.email, password: "wrong password 123" }, "203.0.113.50")).toEqual({ ok: false, code: "invalid_credentials" });

    expect(await setPersonDisabled({ id: p.id, disabled: false }, ctx)).toMatchObject({ ok: true });
    expect(await checkCredentials({ email: p.email, password: PASSWORD }, "203.0.113.50")).toMatchObject({ ok: true });
    const actions = (await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, p.id))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["administrator.disable", "administrator.enable"]));
  });

  it("never yourself, never the last admin who can sign in", async () => {
    expect(await setPersonDisabled({ id: ctx.actor.id, disabled: true }, ctx)).toEqual({ ok: false, message: DISABLE_SELF_MESSAGE });
    const other = await person("admin");
    const otherCtx: MutationContext = { actor: { id: other.id, email: other.email }, clientAddress: null };
    // Disable every admin but `other`, then `other` cannot disable the actor... who is then the last one.
    const admins = await getDb().query.administrators.findMany({ where: (a, { eq: is, and, isNull }) => and(is(a.role, "admin"), isNull(a.disabledAt)) });
    for (const a of admins) if (a.id !== other.id && a.id !== ctx.actor.id) await setPersonDisabled({ id: a.id, disabled: true }, otherCtx);
    expect(await setPersonDisabled({ id: ctx.actor.id, disabled: true }, otherCtx)).toMatchObject({ ok: true });
    expect(await setPersonDisabled({ id: other.id, disabled: true }, ctx)).toEqual({ ok: false, message: LAST_ADMIN_MESSAGE });
    await setPersonDisabled({ id: ctx.actor.id, disabled: false }, otherCtx);
  });
});
