// Person credentials for Opik's web UI (issue 11 items 3–5): the one-time code, the credential it
// turns into, and every way that credential ends, through the same lib/verify path as keys.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { insertAdministrator } from "@/db/queries/administrators";
import { endCredentialsOfPerson } from "@/db/queries/person-credentials";
import { administrators, personWorkspaces, sessions, workspaces } from "@/db/schema";
import { accessCodes, personCredentials } from "@/db/schema-access";
import { isPersonCredential, newSignInState, sha256Hex } from "@/lib/access/credential";
import { issueAccessCode as issueBoundCode, redeemAccessCodeForCredential as redeemInBrowser, signOutOfOpik, switchAccessWorkspace } from "@/lib/domain/access";
import { endSession, endSessionsOfPerson, startSession } from "@/lib/domain/sessions";
import { sessionIdOf } from "@/lib/auth/session-token";
import { verifyCredential, type PersonVerifySuccess } from "@/lib/verify";
import { uniqueName } from "../support/fixtures";

const TARGET = new URL("http://localhost:8080/default/projects?tab=1");
// One browser's sign-in state: every code here is issued and redeemed in it
// (tests/integration/opik-access-state.test.ts covers other browsers).
const STATE = newSignInState();
const issueAccessCode = (token: string, target: URL) => issueBoundCode(token, target, sha256Hex(STATE));
const redeemAccessCodeForCredential = (code: string, clientAddress: string | null) => redeemInBrowser(code, [STATE], clientAddress);
let wsA: { id: string; name: string };
let wsB: { id: string; name: string };
let wsOther: { id: string; name: string };

async function workspace(prefix: string) {
  const [row] = await getDb().insert(workspaces).values({ name: uniqueName(prefix) }).returning({ id: workspaces.id, name: workspaces.name });
  return row!;
}

/** A person with default workspace A and authorized A and B, signed in once (a dashboard session). */
async function signedInPerson(role: "admin" | "viewer" | "member" = "member") {
  const email = `${uniqueName(role)}@example.test`;
  const person = (await insertAdministrator(getDb(), { email, name: "Person", role, passwordHash: "x" }))!;
  await getDb().update(administrators).set({ defaultWorkspaceId: wsA.id }).where(eq(administrators.id, person.id));
  await getDb().insert(personWorkspaces).values([{ personId: person.id, workspaceId: wsA.id }, { personId: person.id, workspaceId: wsB.id }]);
  const token = await startSession({ administratorId: person.id, clientAddress: null });
  return { ...person, email, token };
}

async function credentialFor(token: string): Promise<string> {
  const redeemed = await redeemAccessCodeForCredential(await issueAccessCode(token, TARGET), "203.0.113.9");
  if (!redeemed.ok) throw new Error(redeemed.message);
  expect(redeemed.redirectTo).toBe(TARGET.href);
  return redeemed.credential;
}

async function check(credential: string, workspaceName = "default") {
  return verifyCredential(credential, workspaceName);
}

beforeAll(async () => {
  wsA = await workspace("team-a");
  wsB = await workspace("team-b");
  wsOther = await workspace("other");
});

describe("the one-time code", () => {
  it("turns into a credential once, mapped to the person's default workspace", async () => {
    const p = await signedInPerson();
    const code = await issueAccessCode(p.token, TARGET);
    const stored = await getDb().select().from(accessCodes).where(eq(accessCodes.sessionId, sessionIdOf(p.token)));
    expect(stored.map((r) => r.id)).not.toContain(code); // only the hash is stored
    const first = await redeemAccessCodeForCredential(code, null);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(isPersonCredential(first.credential)).toBe(true);
    expect(first.credential.startsWith("opik_mcp_")).toBe(false);
    expect(await check(first.credential)).toMatchObject({ valid: true, kind: "person", person: { email: p.email }, workspace: wsA, scope: { name: "full" } });
    // Replayed: refused, and the credential from the first use is untouched.
    expect(await redeemAccessCodeForCredential(code, null)).toMatchObject({ ok: false, status: 400 });
    expect(await check(first.credential)).toMatchObject({ valid: true });
    const rows = await getDb().select().from(personCredentials).where(eq(personCredentials.personId, p.id));
    expect(rows.map((r) => r.id)).not.toContain(first.credential);
  });

  it("is refused after its minute, and once its session ended", async () => {
    const p = await signedInPerson();
    const expired = await issueAccessCode(p.token, TARGET);
    await getDb().update(accessCodes).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accessCodes.sessionId, sessionIdOf(p.token)));
    expect(await redeemAccessCodeForCredential(expired, null)).toMatchObject({ ok: false });
    const orphan = await issueAccessCode(p.token, TARGET);
    await endSession(p.token, "sign_out");
    expect(await redeemAccessCodeForCredential(orphan, null)).toMatchObject({ ok: false });
  });

  it("refuses codes of an impossible shape without a lookup, and two racing redemptions get one credential", async () => {
    for (const bad of ["", "x", "a".repeat(44), "../../etc", "%00"]) expect(await redeemAccessCodeForCredential(bad, null)).toMatchObject({ ok: false, status: 400 });
    const p = await signedInPerson();
    const code = await issueAccessCode(p.token, TARGET);
    const results = await Promise.all([redeemAccessCodeForCredential(code, null), redeemAccessCodeForCredential(code, null)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });
});

describe("a person's credential in lib/verify", () => {
  it("maps default to the current workspace, accepts the person's other workspaces by name, refuses the rest", async () => {
    const p = await signedInPerson();
    const credential = await credentialFor(p.token);
    expect(await check(credential, "DEFAULT")).toMatchObject({ valid: true, workspace: wsA });
    expect(await check(credential, wsB.name.toUpperCase())).toMatchObject({ valid: true, workspace: wsB });
    expect(await check(credential, wsOther.name)).toMatchObject({ valid: false, code: "workspace_not_authorized" });
    expect(await check(credential, "no-such-workspace")).toMatchObject({ valid: false, code: "unknown_workspace" });
    expect(await check(credential, "not a name!")).toMatchObject({ valid: false, code: "unknown_workspace" });
  });

  it("a viewer's credential has the scope Read only (issue 13)", async () => {
    const p = await signedInPerson("viewer");
    expect(await check(await credentialFor(p.token))).toMatchObject({ valid: true, scope: { name: "read" } });
  });

  it("an unknown credential of the right shape is refused like an unknown key", async () => {
    const made = "sapc_" + "A".repeat(43);
    expect(await check(made)).toMatchObject({ valid: false, code: "unknown_key" });
  });

  it("Switch issues a new credential for the new workspace and ends the old one", async () => {
    const p = await signedInPerson();
    const old = await credentialFor(p.token);
    const current = (await check(old)) as PersonVerifySuccess;
    const switched = await switchAccessWorkspace(current, wsB.id, null);
    expect(switched).toMatchObject({ ok: true, workspaceName: wsB.name });
    if (!switched.ok) return;
    expect(await check(switched.credential)).toMatchObject({ valid: true, workspace: wsB });
    expect(await check(old)).toMatchObject({ valid: false, code: "unknown_key" });
    // Not one of theirs: refused, and the current credential stays.
    expect(await switchAccessWorkspace((await check(switched.credential)) as PersonVerifySuccess, wsOther.id, null)).toMatchObject({ ok: false });
    expect(await check(switched.credential)).toMatchObject({ valid: true });
  });
});

describe("every way a person's credential ends", () => {
  const endings: [string, (p: Awaited<ReturnType<typeof signedInPerson>>, credential: string) => Promise<unknown>][] = [
    ["sign-out on the dashboard", (p) => endSession(p.token, "sign_out")],
    ["sign-out on the Opik host", async (_p, credential) => signOutOfOpik((await check(credential)) as PersonVerifySuccess, null)],
    ["sign out everywhere", (p) => endSessionsOfPerson(getDb(), p.id, "sign_out_everywhere")],
    ["a role change", (p) => endSessionsOfPerson(getDb(), p.id, "role_change")],
    ["a password reset", (p) => endSessionsOfPerson(getDb(), p.id, "password_reset")],
    ["a workspace change", (p) => endCredentialsOfPerson(getDb(), p.id, "workspace_change")],
    ["removal of the person", (p) => getDb().delete(administrators).where(eq(administrators.id, p.id))],
    ["the idle timeout", (p) => getDb().update(personCredentials).set({ lastSeenAt: sql`now() - interval '3 hours'` }).where(eq(personCredentials.personId, p.id))],
    ["the absolute lifetime (its session's)", (p) => getDb().update(sessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(sessions.administratorId, p.id))],
    ["deletion of its workspace", async (p) => {
      const ws = await workspace("short-lived");
      await getDb().insert(personWorkspaces).values({ personId: p.id, workspaceId: ws.id });
      const credential = await credentialFor(p.token);
      const current = (await check(credential)) as PersonVerifySuccess;
      const switched = await switchAccessWorkspace(current, ws.id, null);
      if (!switched.ok) throw new Error(switched.message);
      await getDb().delete(personWorkspaces).where(eq(personWorkspaces.workspaceId, ws.id));
      await getDb().delete(workspaces).where(eq(workspaces.id, ws.id));
      expect(await check(switched.credential)).toMatchObject({ valid: false, code: "unknown_key" });
    }],
  ];
  it.each(endings)("%s", async (_name, end) => {
    const p = await signedInPerson("viewer");
    const credential = await credentialFor(p.token);
    expect(await check(credential)).toMatchObject({ valid: true });
    await end(p, credential);
    expect(await check(credential)).toMatchObject({ valid: false, code: "unknown_key", message: expect.stringMatching(/sign in again/) });
  });

  it("use within the idle timeout keeps it alive, and ending one person's credentials leaves others' alone", async () => {
    const p = await signedInPerson();
    const q = await signedInPerson();
    const mine = await credentialFor(p.token);
    const theirs = await credentialFor(q.token);
    await getDb().update(personCredentials).set({ lastSeenAt: sql`now() - interval '30 minutes'` }).where(eq(personCredentials.personId, p.id));
    expect(await check(mine)).toMatchObject({ valid: true });
    await endCredentialsOfPerson(getDb(), p.id, "workspace_change");
    expect(await check(theirs)).toMatchObject({ valid: true });
  });
});
