// Issue 16, group mappings of single sign-on, on both drivers: the Settings page's actions (with
// their refusals and audit events) and what the mappings give at every sign-in — the highest role,
// the union of workspaces, the first mapping's default — refusal with ended sessions when no group
// maps, people managed by mappings read-only in Edit person, and the last admin kept admin. The
// tests run in order: the first one runs before any mapping exists.
import { randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { findPerson } from "@/db/queries/administrators";
import { listGroupMappings } from "@/db/queries/sso-mappings";
import { administrators, auditEvents, sessions } from "@/db/schema";
import { removePersonAction, updatePersonAction } from "@/lib/actions/people";
import { addGroupMappingAction, removeGroupMappingAction, updateGroupMappingAction } from "@/lib/actions/settings";
import { deleteWorkspace } from "@/lib/actions/workspaces";
import { GROUPS_MANAGED_MESSAGE } from "@/lib/domain/people";
import { signInWithSso, type SsoClaims } from "@/lib/domain/sso";
import { newWorkspace } from "../support/api-key-fixtures";
import { expectNothingWritten } from "../support/db-helpers";
import { accessOf, createAdministrator, form, signAs } from "../support/fixtures";

const unique = () => randomBytes(4).toString("hex");
const claims = (groups: SsoClaims["groups"], fields: Partial<SsoClaims> = {}): SsoClaims => ({
  subject: `sub-${unique()}`,
  email: `mapped-${unique()}@example.test`,
  emailVerified: true,
  name: "Mapped Person",
  groups,
  ...fields,
});
const asMember = { newPeople: "member" as const, clientAddress: "198.51.100.30" };
const refuse = { newPeople: "refuse" as const, clientAddress: "198.51.100.30" };

const admin = await createAdministrator("admin");
signAs(admin);
const [wsMl, wsShared, wsBi] = [await newWorkspace("ml"), await newWorkspace("shared"), await newWorkspace("bi")];
const ml = `ml-team-${unique()}`;
const analysts = `analysts/${unique()} ÄÖ <x>`;
const admins = `platform-admins-${unique()}`;

const live = async (personId: string) => getDb().select().from(sessions).where(and(eq(sessions.administratorId, personId), isNull(sessions.endedAt)));
const access = async (personId: string) => {
  const person = (await findPerson(getDb(), personId))!;
  return { role: person.role, defaultWorkspace: person.defaultWorkspace?.name ?? null, workspaces: person.authorizedWorkspaces.map((w) => w.name).sort(), managed: person.groupsManaged };
};
const signedIn = async (c: SsoClaims, options = asMember) => {
  const result = await signInWithSso(c, options);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.person.id;
};

describe("single sign-on group mappings", () => {
  it("without mappings, groups mean nothing: an unreadable groups claim is no reason to refuse, and nobody is managed", async () => {
    const id = await signedIn(claims("not_a_list"));
    expect(await access(id)).toMatchObject({ role: "member", managed: false });
  });

  it("Add mapping refuses bad input field by field and writes nothing", async () => {
    const bad = async (fields: Record<string, string | string[]>) => {
      const result = await expectNothingWritten(() => addGroupMappingAction(null, form({ ...accessOf(fields), ...fields })));
      expect(result.ok).toBe(false);
      return result.ok ? {} : (result.fieldErrors ?? {});
    };
    expect(Object.keys(await bad({ group: "  ", role: "member" }))).toEqual(["group"]);
    expect(Object.keys(await bad({ group: "x".repeat(257), role: "member" }))).toEqual(["group"]);
    expect(Object.keys(await bad({ group: "a\u202Eb", role: "member" }))).toEqual(["group"]);
    expect(Object.keys(await bad({ group: "ok", role: "owner" }))).toEqual(["role"]);
    expect(Object.keys(await bad({ group: "ok", role: "member", defaultWorkspaceId: wsBi.id, authorizedWorkspaceIds: wsMl.id }))).toEqual(["defaultWorkspaceId"]);
    expect(Object.keys(await bad({ group: "ok", role: "member", authorizedWorkspaceIds: "00000000-0000-4000-8000-000000000000" }))).toEqual(["authorizedWorkspaceIds"]);
  });

  it("Add mapping: in order, each with its audit event; a group is mapped once (exactly as spelled)", async () => {
    const add = (fields: Record<string, string | string[]>) => addGroupMappingAction(null, form({ ...accessOf(fields), ...fields }));
    expect(await add({ group: ` ${ml} `, role: "member", defaultWorkspaceId: wsMl.id, authorizedWorkspaceIds: [wsMl.id, wsShared.id] })).toMatchObject({ ok: true });
    expect(await add({ group: analysts, role: "viewer", defaultWorkspaceId: wsBi.id, authorizedWorkspaceIds: [wsBi.id, wsShared.id] })).toMatchObject({ ok: true });
    expect(await add({ group: admins, role: "admin" })).toMatchObject({ ok: true });
    const again = await expectNothingWritten(() => add({ group: ml, role: "admin" }));
    expect(again).toMatchObject({ ok: false, fieldErrors: { group: [expect.stringContaining("mapped already")] } });
    expect(await add({ group: ml.toUpperCase(), role: "member", authorizedWorkspaceIds: wsMl.id })).toMatchObject({ ok: true });
    const mappings = await listGroupMappings(getDb());
    expect(mappings.map((m) => m.group)).toEqual([ml, analysts, admins, ml.toUpperCase()]);
    expect(mappings[0]).toMatchObject({ role: "member", defaultWorkspace: { id: wsMl.id }, workspaces: [{ name: wsMl.name }, { name: wsShared.name }].sort((a, b) => a.name.localeCompare(b.name)) });
    const [event] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "sso_group_mapping.create"), eq(auditEvents.targetName, analysts)));
    expect(event).toMatchObject({ actorId: admin.id, details: { role: "viewer", defaultWorkspace: wsBi.name, workspaces: [wsBi.name, wsShared.name].sort() } });
  });

  it("a new person gets the highest role, the union of workspaces and the first mapping's default; then their groups change and access follows", async () => {
    const c = claims([analysts, "unmapped", ml]);
    const id = await signedIn(c);
    expect(await access(id)).toEqual({ role: "viewer", defaultWorkspace: wsMl.name, workspaces: [wsMl.name, wsShared.name, wsBi.name].sort(), managed: true });
    // Promoted at the provider: admin everywhere; the sessions granted as viewer end.
    const viewerSessions = (await live(id)).map((s) => s.id);
    await signedIn({ ...c, groups: [admins] });
    expect(await access(id)).toEqual({ role: "admin", defaultWorkspace: null, workspaces: [], managed: true });
    const after = (await live(id)).map((s) => s.id);
    expect(after).toHaveLength(1);
    expect(viewerSessions.some((s) => after.includes(s))).toBe(false);
    const [applied] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "administrator.sso_groups"), eq(auditEvents.targetId, id))).orderBy(auditEvents.occurredAt).limit(1);
    expect(applied).toMatchObject({ actorId: id, details: { groups: [ml, analysts] } });
    // Unchanged groups: nothing to apply, and no event.
    const events = async () => (await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "administrator.sso_groups"), eq(auditEvents.targetId, id)))).length;
    const before = await events();
    await signedIn({ ...c, groups: [admins] });
    expect(await events()).toBe(before);
    // Every mapped group removed: refused, and every session ends.
    expect(await signInWithSso({ ...c, groups: ["unmapped"] }, asMember)).toEqual({ ok: false, reason: "no_mapped_group" });
    expect(await live(id)).toEqual([]);
    const ended = await getDb().select().from(sessions).where(and(eq(sessions.administratorId, id), eq(sessions.endedReason, "sso_groups")));
    expect(ended.length).toBeGreaterThan(0);
    // Mapped again: back in.
    await signedIn({ ...c, groups: [ml] });
    expect(await access(id)).toMatchObject({ role: "member", defaultWorkspace: wsMl.name });
  });

  it("no mapped group: a stranger is never created, an existing person is not linked; refusals are audited", async () => {
    const stranger = claims(["unmapped"]);
    const people = async () => (await getDb().select().from(administrators)).length;
    const before = await people();
    expect(await signInWithSso(stranger, asMember)).toEqual({ ok: false, reason: "no_mapped_group" });
    expect(await people()).toBe(before);
    const [refusal] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "auth.sign_in_refused"), eq(auditEvents.targetName, stranger.email!)));
    expect(refusal?.details).toEqual({ method: "oidc", reason: "no_mapped_group" });
    const person = await createAdministrator("viewer");
    expect(await signInWithSso(claims([], { email: person.email }), asMember)).toEqual({ ok: false, reason: "no_mapped_group" });
    expect((await getDb().select().from(administrators).where(eq(administrators.id, person.id)))[0]?.ssoSubject).toBeNull();
    expect(await live(person.id)).toHaveLength(1);
    // AUTH_OIDC_NEW_PEOPLE=refuse still refuses strangers, mapped groups or not.
    expect(await signInWithSso(claims([admins]), refuse)).toEqual({ ok: false, reason: "not_a_person" });
  });

  it("groups claims that are not a list are refused once mappings exist; 1,000 groups and odd names work", async () => {
    expect(await signInWithSso(claims("not_a_list"), asMember)).toEqual({ ok: false, reason: "groups_not_a_list" });
    const many = [...Array.from({ length: 999 }, (_, i) => `g-${i} ${"ä".repeat(i % 7)}`), analysts];
    const id = await signedIn(claims(many));
    expect(await access(id)).toMatchObject({ role: "viewer", defaultWorkspace: wsBi.name });
  });

  it("Edit person keeps a managed person's role and workspaces read-only; the name can change", async () => {
    const id = await signedIn(claims([ml]));
    const base = { id, name: "Renamed", role: "member", defaultWorkspaceId: wsMl.id, authorizedWorkspaceIds: [wsMl.id, wsShared.id] };
    const promoted = await expectNothingWritten(() => updatePersonAction(null, form({ ...base, role: "admin" })));
    expect(promoted).toMatchObject({ ok: false, message: GROUPS_MANAGED_MESSAGE, fieldErrors: { role: [GROUPS_MANAGED_MESSAGE] } });
    const widened = await expectNothingWritten(() => updatePersonAction(null, form({ ...base, allWorkspaces: "true", authorizedWorkspaceIds: [] })));
    expect(widened).toMatchObject({ ok: false, fieldErrors: { authorizedWorkspaceIds: [GROUPS_MANAGED_MESSAGE] } });
    expect(await updatePersonAction(null, form(base))).toMatchObject({ ok: true });
    expect((await findPerson(getDb(), id))?.name).toBe("Renamed");
  });

  it("Edit mapping and Remove mapping, audited; a workspace a mapping gives cannot be deleted", async () => {
    const [first] = await listGroupMappings(getDb());
    const refused = await expectNothingWritten(() => deleteWorkspace(null, form({ id: wsBi.id })));
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining(`"${analysts}"`) });
    const taken = await expectNothingWritten(() => updateGroupMappingAction(null, form({ allWorkspaces: "true", id: first!.id, group: admins, role: "member" })));
    expect(taken).toMatchObject({ ok: false, fieldErrors: { group: [expect.stringContaining("mapped already")] } });
    expect(await updateGroupMappingAction(null, form({ id: first!.id, group: ml, role: "viewer", authorizedWorkspaceIds: wsMl.id }))).toMatchObject({ ok: true });
    const [edited] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "sso_group_mapping.update"), eq(auditEvents.targetId, first!.id)));
    expect(edited?.details).toEqual({ role: { from: "member", to: "viewer" }, defaultWorkspace: { from: wsMl.name, to: null }, workspaces: { from: [wsMl.name, wsShared.name].sort(), to: [wsMl.name] } });
    expect(await removeGroupMappingAction(null, form({ id: first!.id }))).toMatchObject({ ok: true });
    expect(await removeGroupMappingAction(null, form({ id: first!.id }))).toMatchObject({ ok: false, message: "This group mapping no longer exists." });
    expect((await listGroupMappings(getDb())).map((m) => m.group)).not.toContain(ml);
  });

  it("the last admin keeps the admin role whatever their groups give (the event says so)", async () => {
    const c = claims([admins]);
    const ssoAdmin = await signedIn(c);
    signAs({ id: ssoAdmin, email: c.email!, name: "Mapped Person", role: "admin" });
    // Every other admin removed: the single sign-on admin is the last one.
    for (const other of await getDb().select().from(administrators).where(eq(administrators.role, "admin"))) {
      if (other.id !== ssoAdmin) expect(await removePersonAction(null, form({ id: other.id }))).toMatchObject({ ok: true });
    }
    await signedIn({ ...c, groups: [analysts] });
    expect(await access(ssoAdmin)).toMatchObject({ role: "admin", defaultWorkspace: wsBi.name });
    const [kept] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.action, "administrator.sso_groups"), eq(auditEvents.targetId, ssoAdmin))).orderBy(auditEvents.occurredAt);
    expect(JSON.stringify((await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, ssoAdmin))).map((e) => e.details))).toContain("last admin");
    expect(kept).toBeDefined();
  });
});
