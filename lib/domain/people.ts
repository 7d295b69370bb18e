// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  countAdmins,
  deleteAdministratorRow,
  emailTaken,
  findAdministratorById,
  findPerson,
  insertAdministrator,
  replacePersonWorkspaces,
  setPersonDisabledAt,
  updatePersonRow,
  type AdministratorDto,
  type PersonRow,
} from "@/db/queries/administrators";
import { recordAuditEvent } from "@/db/queries/audit";
import { endCredentialsOfPerson } from "@/db/queries/person-credentials";
import { hashPassword } from "@/lib/auth/password";
import { passwordSignInOpen } from "@/lib/auth/sso-settings";
import { now } from "@/lib/clock";
import type { ActionResult } from "@/lib/validations/action-result";
import type { AddPersonInput, UpdatePersonInput } from "@/lib/validations/people";
import { isLastBreakGlassAdmin, LAST_BREAK_GLASS_MESSAGE } from "./break-glass";
import { INVITE_SSO_ONLY_MESSAGE, insertNewInvitation, type NewInvitation } from "./invitations";
import type { MutationContext } from "./service-accounts";
import { endSessionsOfPerson, PERSON_GONE } from "./sessions";
import { authorizedForAudit, checkWorkspaceChoice, workspaceChoiceValues, workspaceGoneRefusal } from "./workspace-choice";

// Role changes and removals take this lock, so two of them at once cannot remove the last admin.
const PEOPLE_LOCK_ID = 724_311_003;
export const lockPeople = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(${PEOPLE_LOCK_ID})`);

export const LAST_ADMIN_MESSAGE = "This is the last admin. Make another person an admin first.";
export const OWN_ROLE_MESSAGE = "You cannot change your own role. Ask another admin.";
export const REMOVE_SELF_MESSAGE = "You cannot remove yourself. Ask another admin.";
export const GROUPS_MANAGED_MESSAGE = "Set by group mappings at each single sign-on. Change the mappings on the Settings page, or the person's groups at the identity provider.";
const NEEDS_ATTENTION = "Some fields need attention.";
const emailTakenMessage = (email: string) => `A person with the email ${email} already exists`;

/** A person just added; with Invite, the link's token, for this answer only (docs/people-and-roles.md "Invitations"). */
export type AddedPerson = AdministratorDto & { invitation?: NewInvitation };

/**
 * Add person: the row, their authorized workspaces and the audit record in one transaction. With
 * `invite`, no password: an invitation whose link the person uses to set their own.
 */
export async function createPerson(input: AddPersonInput, ctx: MutationContext): Promise<ActionResult<AddedPerson>> {
  const values = { email: input.email, name: input.name, role: input.role, ...workspaceChoiceValues(input), ...(input.invite ? { invite: "true" } : {}) };
  // The password it would set could never be used (lib/auth/credentials.ts).
  if (input.invite && !passwordSignInOpen()) return { ok: false, message: INVITE_SSO_ONLY_MESSAGE, fieldErrors: { invite: [INVITE_SSO_ONLY_MESSAGE] }, values };
  const passwordHash = input.invite || input.password === undefined ? null : await hashPassword(input.password); // outside the transaction: argon2 is slow
  try {
    return await getDb().transaction(async (tx): Promise<ActionResult<AddedPerson>> => {
      // Every problem at once: the email and the workspaces are checked before anything is written.
      const { fieldErrors, names } = await checkWorkspaceChoice(tx, input);
      if (await emailTaken(tx, input.email)) fieldErrors.email = [emailTakenMessage(input.email)];
      const taken = (): ActionResult<never> => ({ ok: false, message: emailTakenMessage(input.email), fieldErrors: { ...fieldErrors, email: [emailTakenMessage(input.email)] }, values });
      if (Object.keys(fieldErrors).length > 0) return fieldErrors.email && Object.keys(fieldErrors).length === 1 ? taken() : { ok: false, message: NEEDS_ATTENTION, fieldErrors, values };
      const person = await insertAdministrator(tx, { email: input.email, name: input.name, role: input.role, passwordHash, defaultWorkspaceId: input.defaultWorkspaceId, seeUnmasked: input.seeUnmasked ?? true });
      if (!person) return taken(); // lost a race with a concurrent add of the same email: the unique index decided
      await replacePersonWorkspaces(tx, person.id, input.authorizedWorkspaceIds);
      const invitation = input.invite ? await insertNewInvitation(tx, person.id, ctx) : undefined;
      await recordAuditEvent(tx, {
        actor: ctx.actor,
        action: invitation ? "administrator.invite" : "administrator.create",
        targetType: "administrator",
        targetId: person.id,
        targetName: person.email,
        clientAddress: ctx.clientAddress,
        details: {
          role: person.role,
          // Only when off: on is the default (and Opik's).
          ...(input.seeUnmasked === false ? { seeUnmasked: false } : {}),
          defaultWorkspace: input.defaultWorkspaceId ? (names.get(input.defaultWorkspaceId) ?? null) : null,
          authorizedWorkspaces: authorizedForAudit(input.authorizedWorkspaceIds, names),
          ...(invitation ? { invitationExpiresAt: invitation.expiresAt.toISOString() } : {}),
        },
      });
      if (invitation) return { ok: true, message: `${person.email} is invited as ${person.role}: copy the link now, it is shown once`, data: { ...person, invitation } };
      return { ok: true, message: `${person.email} can now sign in as ${person.role}`, data: person };
    });
  } catch (error) {
    const refusal = workspaceGoneRefusal(error, values);
    if (refusal) return refusal;
    throw error;
  }
}

type Change<T> = { from: T; to: T };

/** What Edit person changes, field by field; only the fields that differ. */
function changesOf(target: PersonRow, input: UpdatePersonInput, names: Map<string, string>) {
  const known = new Map([...names, ...target.authorizedWorkspaces.map((w) => [w.id, w.name] as const)]);
  if (target.defaultWorkspace) known.set(target.defaultWorkspace.id, target.defaultWorkspace.name);
  const before = target.authorizedWorkspaces.map((w) => w.id).sort();
  const after = [...input.authorizedWorkspaceIds].sort();
  const changes: { name?: Change<string>; role?: Change<string>; seeUnmasked?: Change<boolean>; defaultWorkspace?: Change<string | null>; authorizedWorkspaces?: Change<string[] | "all"> } = {};
  if (target.name !== input.name) changes.name = { from: target.name, to: input.name };
  if (target.role !== input.role) changes.role = { from: target.role, to: input.role };
  if (input.seeUnmasked !== undefined && target.seeUnmasked !== input.seeUnmasked) changes.seeUnmasked = { from: target.seeUnmasked, to: input.seeUnmasked };
  if ((target.defaultWorkspace?.id ?? null) !== input.defaultWorkspaceId) {
    changes.defaultWorkspace = { from: target.defaultWorkspace?.name ?? null, to: input.defaultWorkspaceId ? (known.get(input.defaultWorkspaceId) ?? null) : null };
  }
  if (before.join() !== after.join()) changes.authorizedWorkspaces = { from: authorizedForAudit(before, known), to: authorizedForAudit(after, known) };
  return changes;
}

/**
 * Edit person: name, role, default and authorized workspaces, validated and written with one audit
 * event in one transaction. Never your own role, never the last admin. A role change ends the
 * person's sessions (they sign in again under the new role); a change of their workspaces ends
 * their Opik-web-UI credentials (the next request through the proxy gets one for the new ones).
 */
export async function updatePerson(input: UpdatePersonInput, ctx: MutationContext): Promise<ActionResult> {
  const values = { name: input.name, role: input.role, ...(input.seeUnmasked === undefined ? {} : { seeUnmasked: String(input.seeUnmasked) }), ...workspaceChoiceValues(input) };
  try {
    return await getDb().transaction(async (tx): Promise<ActionResult> => {
      await lockPeople(tx);
      const target = await findPerson(tx, input.id);
      if (!target) return { ok: false, message: PERSON_GONE };
      const { fieldErrors, names } = await checkWorkspaceChoice(tx, input);
      const changes = changesOf(target, input, names);
      // Their next single sign-on would overwrite it: the mappings are the one place to change it.
      if (target.groupsManaged) {
        if (changes.role) fieldErrors.role = [GROUPS_MANAGED_MESSAGE];
        if (changes.defaultWorkspace) fieldErrors.defaultWorkspaceId = [GROUPS_MANAGED_MESSAGE];
        if (changes.authorizedWorkspaces) fieldErrors.authorizedWorkspaceIds = [GROUPS_MANAGED_MESSAGE];
      } else if (target.role !== input.role) {
        if (target.id === ctx.actor.id) fieldErrors.role = [OWN_ROLE_MESSAGE];
        else if (target.role === "admin" && (await countAdmins(tx)) <= 1) fieldErrors.role = [LAST_ADMIN_MESSAGE];
        else if (target.role === "admin" && (await isLastBreakGlassAdmin(tx, target.id))) fieldErrors.role = [LAST_BREAK_GLASS_MESSAGE];
      }
      if (Object.keys(fieldErrors).length > 0) {
        const only = Object.keys(fieldErrors).length === 1 ? fieldErrors.role?.[0] : undefined;
        return { ok: false, message: only ?? NEEDS_ATTENTION, fieldErrors, values };
      }
      if (Object.keys(changes).length === 0) return { ok: true, message: `Nothing to change for ${target.email}` };
      await updatePersonRow(tx, target.id, { name: input.name, role: input.role, defaultWorkspaceId: input.defaultWorkspaceId, seeUnmasked: input.seeUnmasked });
      if (changes.authorizedWorkspaces) await replacePersonWorkspaces(tx, target.id, input.authorizedWorkspaceIds);
      // Their open sessions were granted under the old role: they sign in again under the new one.
      const sessionsEnded = changes.role ? await endSessionsOfPerson(tx, target.id, "role_change") : 0;
      const workspacesChanged = Boolean(changes.defaultWorkspace || changes.authorizedWorkspaces);
      // Opik caches permissions with the credential (OPIK-AUTH-CONTRACT.md §18.2): a new one carries the new answer.
      const credentialsEnded = workspacesChanged || changes.seeUnmasked ? await endCredentialsOfPerson(tx, target.id, workspacesChanged ? "workspace_change" : "unmasked_change") : 0;
      await recordAuditEvent(tx, {
        actor: ctx.actor,
        action: "administrator.update",
        targetType: "administrator",
        targetId: target.id,
        targetName: target.email,
        clientAddress: ctx.clientAddress,
        details: { ...changes, sessionsEnded, opikCredentialsEnded: credentialsEnded },
      });
      const then = changes.role ? `; they sign in again as ${input.role}` : "";
      return { ok: true, message: `${target.email} saved${then}` };
    });
  } catch (error) {
    const refusal = workspaceGoneRefusal(error, values);
    if (refusal) return refusal;
    throw error;
  }
}

export const DISABLE_SELF_MESSAGE = "You cannot disable yourself. Ask another admin.";

/**
 * Disable person / Enable person. A disabled person cannot sign in, and every session of theirs
 * ends in the same transaction — with them every Opik-web-UI credential (they belong to a session).
 * Never yourself, never the last admin who can sign in.
 */
export async function setPersonDisabled(input: { id: string; disabled: boolean }, ctx: MutationContext): Promise<ActionResult> {
  if (input.id === ctx.actor.id) return { ok: false, message: DISABLE_SELF_MESSAGE };
  return getDb().transaction(async (tx): Promise<ActionResult> => {
    await lockPeople(tx);
    const target = await findPerson(tx, input.id);
    if (!target) return { ok: false, message: PERSON_GONE };
    if ((target.disabledAt !== null) === input.disabled) return { ok: true, message: `${target.email} is already ${input.disabled ? "disabled" : "enabled"}` };
    if (input.disabled && target.role === "admin" && (await countAdmins(tx)) <= 1) return { ok: false, message: LAST_ADMIN_MESSAGE };
    if (input.disabled && (await isLastBreakGlassAdmin(tx, target.id))) return { ok: false, message: LAST_BREAK_GLASS_MESSAGE };
    await setPersonDisabledAt(tx, target.id, input.disabled ? new Date(now()) : null);
    const ended = input.disabled ? await endSessionsOfPerson(tx, target.id, "disabled") : 0;
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: input.disabled ? "administrator.disable" : "administrator.enable",
      targetType: "administrator",
      targetId: target.id,
      targetName: target.email,
      clientAddress: ctx.clientAddress,
      details: input.disabled ? { role: target.role, sessions: ended } : { role: target.role },
    });
    return {
      ok: true,
      message: input.disabled ? `${target.email} is disabled: signed out everywhere, and cannot sign in` : `${target.email} is enabled and can sign in again`,
    };
  });
}

export async function removePerson(input: { id: string }, ctx: MutationContext): Promise<ActionResult> {
  if (input.id === ctx.actor.id) return { ok: false, message: REMOVE_SELF_MESSAGE };
  return getDb().transaction(async (tx) => {
    await lockPeople(tx);
    const target = await findAdministratorById(tx, input.id);
    if (!target) return { ok: false, message: PERSON_GONE };
    if (target.role === "admin" && (await countAdmins(tx)) <= 1) return { ok: false, message: LAST_ADMIN_MESSAGE };
    if (await isLastBreakGlassAdmin(tx, target.id)) return { ok: false, message: LAST_BREAK_GLASS_MESSAGE };
    // Their sessions, workspaces and Opik-web-UI credentials go with the row (cascade).
    await deleteAdministratorRow(tx, target.id);
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.remove",
      targetType: "administrator",
      targetId: target.id,
      targetName: target.email,
      clientAddress: ctx.clientAddress,
      details: { role: target.role },
    });
    return { ok: true, message: `${target.email} was removed and can no longer sign in` };
  });
}
