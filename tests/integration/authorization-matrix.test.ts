// Authorization matrix (issues 5, 11): every server action × {anonymous, member, viewer, admin}. The actions are
// discovered from lib/actions (every export of every "use server" file), so an action added
// without a guard fails here without anyone remembering to list it.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AdministratorDto } from "@/db/queries/administrators";
import { INVALID_MESSAGE, SIGNED_OUT_MESSAGE } from "@/lib/actions/define-action";
import { MEMBER_MESSAGE, READ_ONLY_MESSAGE } from "@/lib/auth/roles";
import { validPayloads } from "../support/action-payloads";
import { createAdministrator, signAs } from "../support/fixtures";
import { countAllTables, discoverServerActions, serverActionFiles, type DiscoveredAction } from "../support/server-actions";

// lib/actions/auth.ts reaches Auth.js, which cannot load outside Next: record its calls instead.
const authjs = vi.hoisted(() => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth/next-auth", () => ({ signIn: authjs.signIn, signOut: authjs.signOut, auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

/** Reachable without a session, on purpose: each one reviewed. */
// The invitation page's two: the link's token is their only credential (lib/actions/invitations.ts).
const PUBLIC = ["setupAction", "signInAction", "ssoSignInAction", "invitationStateAction", "acceptInvitationAction"];
/** Any signed-in person, members included: their own account only (a member's /me page offers it). */
const SELF = ["changeOwnPasswordAction"];
/** Takes no input and writes nothing: ends the caller's own session. */
const NO_INPUT = ["signOutAction"];

const actions = await discoverServerActions();
const guarded = actions.filter((a) => !PUBLIC.includes(a.name) && !NO_INPUT.includes(a.name));
const publicActions = actions.filter((a) => PUBLIC.includes(a.name));

let admin: AdministratorDto;
let viewer: AdministratorDto;
let member: AdministratorDto;
const WHO: [string, () => AdministratorDto | null][] = [["anonymous", () => null], ["member", () => member], ["viewer", () => viewer], ["admin", () => admin]];
const payloads = validPayloads(() => admin);
const payloadFor = (a: DiscoveredAction) => payloads[a.name] ?? (async () => new FormData());

/** Calls `a` as `who` and returns its result together with proof of what it wrote (nothing). */
async function callAs(who: AdministratorDto | null, a: DiscoveredAction, payload: unknown) {
  signAs(who);
  const before = await countAllTables();
  const result = await a.run(null, payload);
  return { result, before, after: await countAllTables() };
}

beforeAll(async () => {
  admin = await createAdministrator("admin");
  viewer = await createAdministrator("viewer");
  member = await createAdministrator("member");
});
beforeEach(() => {
  signAs(admin);
  authjs.signIn.mockClear();
  authjs.signOut.mockClear();
});

describe("discovery", () => {
  it("finds every 'use server' file and its actions", () => {
    expect(serverActionFiles()).toEqual(expect.arrayContaining(["api-keys.ts", "auth.ts", "people.ts", "service-accounts.ts", "workspaces.ts"]));
    // The ones known today; more may come, none may vanish unnoticed.
    expect(actions.map((a) => a.name)).toEqual(
      expect.arrayContaining([
        "addPersonAction", "changeOwnPasswordAction", "createApiKey", "createServiceAccount", "createWorkspace", "deleteApiKey",
        "deleteServiceAccount", "deleteWorkspace", "removePersonAction", "setupAction", "signInAction", "signOutAction", "updatePersonAction",
        "rollApiKey", "setApiKeyDisabledAction", "endGracePeriodAction", "saveKeyPolicy", "updateServiceAccount", "setServiceAccountDisabled",
        "setPersonDisabledAction", "addGroupMappingAction", "updateGroupMappingAction", "removeGroupMappingAction",
        "createManagementTokenAction", "revokeManagementTokenAction",
      ]),
    );
  });

  it("every export of a 'use server' file is an async function (Next exposes each as an endpoint)", () => {
    expect(actions.filter((a) => !a.isAsync).map((a) => `${a.file}: ${a.name}`)).toEqual([]);
  });

  it("every action declares its permission through defineAction; 'public' only for the reviewed ones", () => {
    for (const a of actions) {
      if (NO_INPUT.includes(a.name)) expect(a.declaredPermission, a.name).toBeNull();
      else if (PUBLIC.includes(a.name)) expect(a.declaredPermission, a.name).toBe("public");
      else expect(a.declaredPermission, `${a.file}: ${a.name}`).toMatch(/^(self|read|write)$/);
    }
  });

  it("'self' (members may) only for actions on your own account, each one reviewed", () => {
    expect(actions.filter((a) => a.declaredPermission === "self").map((a) => a.name)).toEqual(SELF);
  });

  it("the listed exceptions still exist (the allow-list cannot rot)", () => {
    for (const name of [...PUBLIC, ...NO_INPUT]) expect(actions.map((a) => a.name)).toContain(name);
  });

  it("has a valid payload for every action, so 'nothing written' is shown where something would be", () => {
    expect(actions.filter((a) => !NO_INPUT.includes(a.name) && !payloads[a.name]).map((a) => a.name)).toEqual([]);
  });
});

describe.each(guarded.map((a) => [a.name, a] as const))("%s", (_name, a) => {
  it("anonymous: refused as signed out, before the input is read; nothing written", async () => {
    for (const payload of [await payloadFor(a)(), new FormData(), null, "junk"]) {
      const { result, before, after } = await callAs(null, a, payload);
      expect(result).toEqual({ ok: false, message: SIGNED_OUT_MESSAGE });
      expect(after).toEqual(before);
    }
  });

  it("member: refused with the member's reason unless the action is on their own account; nothing written", async () => {
    const { result, before, after } = await callAs(member, a, await payloadFor(a)());
    if (a.declaredPermission === "self") expect(result).not.toEqual({ ok: false, message: MEMBER_MESSAGE });
    else {
      expect(result).toEqual({ ok: false, message: MEMBER_MESSAGE });
      expect(after).toEqual(before);
    }
  });

  it("viewer: a write is refused as read-only, a read is allowed; nothing written", async () => {
    const { result, before, after } = await callAs(viewer, a, await payloadFor(a)());
    if (a.declaredPermission === "read" || a.declaredPermission === "self") expect(result).not.toEqual({ ok: false, message: READ_ONLY_MESSAGE });
    else expect(result).toEqual({ ok: false, message: READ_ONLY_MESSAGE });
    expect(after).toEqual(before);
  });

  it("admin: passes the guard (an empty payload may fail validation, never authorization)", async () => {
    const { result, before, after } = await callAs(admin, a, new FormData());
    expect(result).toHaveProperty("ok");
    if (result && !result.ok) {
      expect([SIGNED_OUT_MESSAGE, READ_ONLY_MESSAGE, MEMBER_MESSAGE]).not.toContain(result.message);
      expect(after).toEqual(before);
    }
  });

  it("admin: the payload the refused callers sent succeeds (so it would have written)", async () => {
    const payload = await payloadFor(a)();
    signAs(admin);
    expect(await a.run(null, payload)).toMatchObject({ ok: true });
  });
});

describe.each(publicActions.map((a) => [a.name, a] as const))("%s (public)", (_name, a) => {
  it.each(WHO)(
    "%s: never refused for want of a session or a role",
    async (_who, who) => {
      const { result } = await callAs(who(), a, new FormData());
      expect(result).toMatchObject({ ok: false, message: INVALID_MESSAGE });
    },
  );

  it("anonymous with a well-formed payload: writes nothing while an administrator exists", async () => {
    const { after, before } = await callAs(null, a, await payloadFor(a)());
    expect(after).toEqual(before);
  });
});

describe("signOutAction (no input)", () => {
  const signOut = () => actions.find((a) => a.name === "signOutAction")!;
  it.each(WHO)(
    "%s: ends the session to /login and writes nothing",
    async (_who, who) => {
      const { result, before, after } = await callAs(who(), signOut(), "ignored");
      expect(result).toBeUndefined();
      expect(authjs.signOut).toHaveBeenCalledExactlyOnceWith({ redirectTo: "/login" });
      expect(after).toEqual(before);
    },
  );
});
