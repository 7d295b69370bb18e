// See unmasked data (issue 26 item 1): a setting per person, on by default, in Add person and Edit
// person as the forms post it (a hidden "false", then the ticked box). Turning it off or on is one
// audit event and ends the person's Opik-web-UI credentials (Opik caches permissions with the
// credential); a person credential's check then reports original_data_view accordingly.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db/client";
import type { AdministratorDto } from "@/db/queries/administrators";
import { administrators } from "@/db/schema";
import { addPersonAction, updatePersonAction } from "@/lib/actions/people";
import { addGroupMappingAction, updateGroupMappingAction } from "@/lib/actions/settings";
import { listGroupMappings } from "@/db/queries/sso-mappings";
import { signInWithSso } from "@/lib/domain/sso";
import { grantedPermissions } from "@/lib/scopes";
import { verifyPersonByEmail } from "@/lib/verify/by-username";
import { newWorkspace } from "../support/api-key-fixtures";
import { auditEventsFor, credentialState, insertPersonCredential } from "../support/db-helpers";
import { createAdministrator, form, signAs } from "../support/fixtures";

vi.mock("@/lib/auth/next-auth", () => ({ signIn: vi.fn(), signOut: vi.fn(), auth: async () => null }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

let admin: AdministratorDto;
let ws: { id: string; name: string };
const PASSWORD = "a long enough password 26";

const stored = async (id: string) => (await getDb().select({ seeUnmasked: administrators.seeUnmasked }).from(administrators).where(eq(administrators.id, id)))[0]?.seeUnmasked;
/** Edit person as the dialog posts it: the hidden "false", plus "true" when the box is ticked. */
const edit = (target: AdministratorDto, ticked: boolean) =>
  updatePersonAction(null, form({ id: target.id, name: target.name, role: target.role, defaultWorkspaceId: ws.id, allWorkspaces: "true", seeUnmasked: ticked ? ["false", "true"] : ["false"] }));

beforeAll(async () => {
  admin = await createAdministrator("admin");
  signAs(admin);
  ws = await newWorkspace("unmasked");
});
beforeEach(() => signAs(admin));

describe("See unmasked data", () => {
  it("Add person: on by default, off when the box is unticked; the audit event says which", async () => {
    const on = await addPersonAction(null, form({ allWorkspaces: "true", email: `on-${ws.id.slice(0, 8)}@example.test`, name: "On", role: "member", password: PASSWORD, defaultWorkspaceId: ws.id }));
    expect(on).toMatchObject({ ok: true });
    const onId = (on as { data: { id: string } }).data.id;
    expect(await stored(onId)).toBe(true);
    const off = await addPersonAction(null, form({ allWorkspaces: "true", email: `off-${ws.id.slice(0, 8)}@example.test`, name: "Off", role: "member", password: PASSWORD, defaultWorkspaceId: ws.id, seeUnmasked: "false" }));
    const offId = (off as { data: { id: string } }).data.id;
    expect(await stored(offId)).toBe(false);
    expect((await auditEventsFor(offId))[0]).toMatchObject({ action: "administrator.create", details: expect.objectContaining({ seeUnmasked: false }) });
  });

  it("Edit person: off ends their Opik credentials, is audited, and the check reports original_data_view false; on again restores it", async () => {
    const person = await createAdministrator("member");
    await edit(person, true); // the default workspace the edits below keep
    const credential = await insertPersonCredential(person.id, ws.id);
    expect(await edit(person, false)).toMatchObject({ ok: true });
    expect(await stored(person.id)).toBe(false);
    expect(await credentialState(credential)).toMatchObject({ endedReason: "unmasked_change" });
    const [event] = await auditEventsFor(person.id);
    expect(event).toMatchObject({ action: "administrator.update", details: { seeUnmasked: { from: true, to: false }, sessionsEnded: 0, opikCredentialsEnded: 1 } });
    const masked = await verifyPersonByEmail(person.email, ws.name);
    expect(masked.ok && grantedPermissions(masked.scope)).not.toContain("original_data_view");
    expect(masked.ok && grantedPermissions(masked.scope)).toContain("trace_delete");

    expect(await edit(person, true)).toMatchObject({ ok: true });
    expect(await stored(person.id)).toBe(true);
    const unmasked = await verifyPersonByEmail(person.email, ws.name);
    expect(unmasked.ok && grantedPermissions(unmasked.scope)).toContain("original_data_view");
  });

  it("saving without a change keeps it and ends nothing", async () => {
    const person = await createAdministrator("viewer");
    await edit(person, false);
    const credential = await insertPersonCredential(person.id, ws.id);
    expect(await edit(person, false)).toMatchObject({ ok: true, message: `Nothing to change for ${person.email}` });
    expect(await credentialState(credential)).toMatchObject({ endedAt: null });
  });

  it("a value that is not on or off is a field error, nothing written", async () => {
    const person = await createAdministrator("member");
    const result = await updatePersonAction(null, form({ allWorkspaces: "true", id: person.id, name: person.name, role: person.role, defaultWorkspaceId: "", seeUnmasked: "maybe" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { seeUnmasked: [expect.any(String)] } });
    expect(await stored(person.id)).toBe(true);
  });
});

describe("See unmasked data in group mappings", () => {
  it("a mapping that withholds it makes the people it maps masked at their next single sign-on; turning it on unmasks them, audited, their credentials ended", async () => {
    const group = `annotators-${ws.id.slice(0, 8)}`;
    expect(await addGroupMappingAction(null, form({ group, role: "member", defaultWorkspaceId: ws.id, authorizedWorkspaceIds: [ws.id], seeUnmasked: ["false"] }))).toMatchObject({ ok: true });
    const mapping = (await listGroupMappings(getDb())).find((m) => m.group === group)!;
    expect(mapping.seeUnmasked).toBe(false);
    const claims = { subject: `sub-${group}`, email: `${group}@example.test`, emailVerified: true, name: "Annotator", groups: [group] };
    const first = await signInWithSso(claims, { newPeople: "member", clientAddress: "198.51.100.30" });
    if (!first.ok) throw new Error(first.reason);
    expect(await stored(first.person.id)).toBe(false);

    const credential = await insertPersonCredential(first.person.id, ws.id);
    expect(await updateGroupMappingAction(null, form({ id: mapping.id, group, role: "member", defaultWorkspaceId: ws.id, authorizedWorkspaceIds: [ws.id], seeUnmasked: ["false", "true"] }))).toMatchObject({ ok: true });
    expect(await signInWithSso(claims, { newPeople: "member", clientAddress: "198.51.100.30" })).toMatchObject({ ok: true });
    expect(await stored(first.person.id)).toBe(true);
    expect(await credentialState(credential)).toMatchObject({ endedReason: "unmasked_change" });
    const [event] = await auditEventsFor(first.person.id);
    expect(event).toMatchObject({ action: "administrator.sso_groups", details: expect.objectContaining({ seeUnmasked: { from: false, to: true }, opikCredentialsEnded: 1 }) });
  });
});
