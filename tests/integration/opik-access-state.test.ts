// Issue 23 item 3: the Opik host's one-time code works only in the browser that started the
// sign-in. The code is stored with the SHA-256 of that browser's state cookie; a code brought by
// a browser without that cookie (someone's own callback link sent to a colleague: a login CSRF)
// signs no one in and is used up, so a leaked link is single use.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { insertAdministrator } from "@/db/queries/administrators";
import { administrators, personWorkspaces, workspaces } from "@/db/schema";
import { accessCodes, personCredentials } from "@/db/schema-access";
import { newSignInState, sha256Hex } from "@/lib/access/credential";
import { sessionIdOf } from "@/lib/auth/session-token";
import { issueAccessCode, redeemAccessCodeForCredential } from "@/lib/domain/access";
import { startSession } from "@/lib/domain/sessions";
import { uniqueName } from "../support/fixtures";

const TARGET = new URL("http://localhost:8080/default/projects");
let workspaceId: string;

/** A member signed in on the dashboard (the attacker, in the login CSRF), and the codes of their session. */
async function signedInPerson() {
  const email = `${uniqueName("member")}@example.test`;
  const person = (await insertAdministrator(getDb(), { email, name: "Person", role: "member", passwordHash: "x" }))!;
  await getDb().update(administrators).set({ defaultWorkspaceId: workspaceId }).where(eq(administrators.id, person.id));
  await getDb().insert(personWorkspaces).values({ personId: person.id, workspaceId });
  const token = await startSession({ administratorId: person.id, clientAddress: null });
  const codes = () => getDb().select().from(accessCodes).where(eq(accessCodes.sessionId, sessionIdOf(token)));
  const credentials = () => getDb().select().from(personCredentials).where(eq(personCredentials.personId, person.id));
  return { token, codes, credentials };
}

beforeAll(async () => {
  const [row] = await getDb().insert(workspaces).values({ name: uniqueName("state-ws") }).returning({ id: workspaces.id });
  workspaceId = row!.id;
});

describe("the one-time code and the browser's sign-in state", () => {
  it("is stored with the state's SHA-256 only, and works in the browser holding that state", async () => {
    const p = await signedInPerson();
    const state = newSignInState();
    const code = await issueAccessCode(p.token, TARGET, sha256Hex(state));
    const [row] = await p.codes();
    expect(row!.stateHash).toBe(sha256Hex(state));
    expect(JSON.stringify(row)).not.toContain(state);
    // A browser may carry a stray cookie of the same name (a parent domain's): any one of them may match.
    expect(await redeemAccessCodeForCredential(code, ["x".repeat(43), state], null)).toMatchObject({ ok: true, redirectTo: TARGET.href });
  });

  it.each([
    ["no state cookie", () => []],
    ["another browser's state", () => [newSignInState()]],
    ["the state's hash instead of the state", () => [sha256Hex(newSignInState())]],
    ["a malformed state", () => ["", "short", "x".repeat(44)]],
  ] as [string, () => string[]][])("is refused with %s, issues no credential, and is used up", async (_name, states) => {
    const p = await signedInPerson();
    const state = newSignInState();
    const code = await issueAccessCode(p.token, TARGET, sha256Hex(state));
    const refused = await redeemAccessCodeForCredential(code, states(), "203.0.113.7");
    expect(refused).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/another browser.*Sign in again/) });
    expect(JSON.stringify(refused)).not.toContain(code);
    expect(await p.credentials()).toEqual([]);
    const [row] = await p.codes();
    expect(row!.usedAt).not.toBeNull();
    // The browser that did start the sign-in can no longer use it either: a leaked link is single use.
    expect(await redeemAccessCodeForCredential(code, [state], null)).toMatchObject({ ok: false, status: 400 });
    expect(await p.credentials()).toEqual([]);
  });

  it("a code stored without a state (issued before states existed) is refused whatever the browser brings", async () => {
    const p = await signedInPerson();
    const state = newSignInState();
    const code = await issueAccessCode(p.token, TARGET, sha256Hex(state));
    await getDb().update(accessCodes).set({ stateHash: sql`null` }).where(eq(accessCodes.sessionId, sessionIdOf(p.token)));
    expect(await redeemAccessCodeForCredential(code, [state], null)).toMatchObject({ ok: false, status: 403 });
    expect(await p.credentials()).toEqual([]);
  });

  it("a code cannot be issued without a state hash", async () => {
    const p = await signedInPerson();
    for (const bad of ["", newSignInState(), "AB".repeat(32)]) await expect(issueAccessCode(p.token, TARGET, bad)).rejects.toThrow(/state/);
    expect(await p.codes()).toEqual([]);
  });
});
