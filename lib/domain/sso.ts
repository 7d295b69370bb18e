// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Tx } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit";
import { findPersonByEmailForSso, findPersonBySsoSubject, insertSsoPerson, linkSsoSubject, type SsoPerson } from "@/db/queries/sso";
import type { Role } from "@/db/schema";
import { groupMappingsForSignIn } from "@/db/queries/sso-mappings";
import { resolveGroupMappings, type GroupAccess } from "@/lib/auth/sso-groups";
import { lockPeople } from "./people";
import { endSessionsOfPerson, recordRefusedSignIn, startSessionIn } from "./sessions";
import { applyGroupAccess } from "./sso-mappings";

/**
 * A sign-in with single sign-on (README "Single sign-on"): what the identity provider said about
 * the person, already checked by Auth.js (signature, issuer, audience, nonce, state and PKCE).
 */
export type SsoClaims = {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** The groups claim (lib/auth/sso-groups.ts): the names, or "not_a_list" when the provider sent something else. */
  groups: string[] | "not_a_list";
};

export type SsoRefusal =
  /** Not a person here, and AUTH_OIDC_NEW_PEOPLE is refuse. */
  | "not_a_person"
  /** The provider did not vouch for the email (email_verified is not true): it never links to or creates a person. */
  | "email_not_verified"
  /** No usable email in the claims. */
  | "no_email"
  /** The person with this email is linked to another subject of the provider. */
  | "linked_elsewhere"
  | "disabled"
  /** Group mappings exist and none of the person's groups is mapped (their sessions end too). */
  | "no_mapped_group"
  /** The groups claim is not a list of names: never guessed at. */
  | "groups_not_a_list";

export type SsoSignIn = { ok: true; person: { id: string; email: string; name: string }; sessionToken: string } | { ok: false; reason: SsoRefusal };

const MAX_EMAIL = 254;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** A display name from the claims: printable, bounded; the email when there is none. */
function displayName(name: string | null, email: string): string {
  const clean = (name ?? "").replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 100);
  return clean || email;
}

/**
 * Signs someone in with what the identity provider said: the person linked to that subject; else
 * the person with that email, linked now, only when the provider vouches for the email; else,
 * when AUTH_OIDC_NEW_PEOPLE names a role, a new person with it. Once group mappings exist, the
 * person's groups decide their role and workspaces at every sign-in (lib/domain/sso-mappings.ts),
 * and a person none of whose groups is mapped is refused and their sessions end. Any other
 * refusal changes nothing but its audit event. The session, the link or the new person, what the
 * groups give and the audit events are one transaction.
 */
export async function signInWithSso(
  claims: SsoClaims,
  options: { newPeople: "refuse" | Role; clientAddress: string | null },
): Promise<SsoSignIn> {
  const email = claims.email?.trim().toLowerCase() ?? "";
  const usableEmail = email.length <= MAX_EMAIL && EMAIL_SHAPE.test(email) ? email : null;
  type Outcome = Extract<SsoSignIn, { ok: true }> | { ok: false; reason: SsoRefusal; person: SsoPerson | null };
  const outcome = await getDb().transaction(async (tx): Promise<Outcome> => {
    const mappings = await groupMappingsForSignIn(tx);
    // Without mappings groups mean nothing, so an unreadable claim is no reason to refuse.
    if (mappings.length > 0 && claims.groups === "not_a_list") return { ok: false, reason: "groups_not_a_list", person: await findPersonBySsoSubject(tx, claims.subject) };
    // Before any row lock: Edit person takes this lock first too, so the two never wait on each other.
    if (mappings.length > 0) await lockPeople(tx);
    // undefined: no mappings, nothing managed by groups; null: mappings exist and none is the person's.
    const access = mappings.length > 0 && claims.groups !== "not_a_list" ? resolveGroupMappings(claims.groups, mappings) : undefined;
    const found = await findOrCreate(tx, claims, usableEmail, options.newPeople, access);
    if ("reason" in found) return { ok: false, reason: found.reason, person: found.person ?? null };
    const person = found.person;
    if (person.disabledAt) return { ok: false, reason: "disabled", person };
    if (access === null) {
      await endSessionsOfPerson(tx, person.id, "sso_groups");
      return { ok: false, reason: "no_mapped_group", person };
    }
    if (access) await applyGroupAccess(tx, person.id, access, options.clientAddress);
    const sessionToken = await startSessionIn(tx, { administratorId: person.id, clientAddress: options.clientAddress, method: "oidc" });
    return { ok: true, person: { id: person.id, email: person.email, name: person.name }, sessionToken };
  });
  if (outcome.ok) return outcome;
  const person = outcome.person ? { id: outcome.person.id, email: outcome.person.email } : null;
  await recordRefusedSignIn({ method: "oidc", reason: outcome.reason, person, email: usableEmail, clientAddress: options.clientAddress });
  return { ok: false, reason: outcome.reason };
}

async function findOrCreate(
  tx: Tx,
  claims: SsoClaims,
  email: string | null,
  newPeople: "refuse" | Role,
  access: GroupAccess | null | undefined,
): Promise<{ person: SsoPerson } | { reason: SsoRefusal; person?: SsoPerson }> {
  const linked = await findPersonBySsoSubject(tx, claims.subject);
  if (linked) return { person: linked };
  if (!email) return { reason: "no_email" };
  const byEmail = await findPersonByEmailForSso(tx, email);
  if (byEmail) {
    // An unverified email claim never takes over an existing person.
    if (!claims.emailVerified) return { reason: "email_not_verified", person: byEmail };
    if (byEmail.ssoSubject && byEmail.ssoSubject !== claims.subject) return { reason: "linked_elsewhere", person: byEmail };
    // Not linked yet, so not managed by groups yet: refused without ending the sessions they have.
    if (access === null) return { reason: "no_mapped_group", person: byEmail };
    await linkSsoSubject(tx, byEmail.id, claims.subject);
    await recordAuditEvent(tx, {
      actor: { id: byEmail.id, email: byEmail.email },
      action: "administrator.sso_link",
      targetType: "administrator",
      targetId: byEmail.id,
      targetName: byEmail.email,
      clientAddress: null,
      details: { method: "oidc" },
    });
    return { person: { ...byEmail, ssoSubject: claims.subject } };
  }
  if (newPeople === "refuse") return { reason: "not_a_person" };
  if (!claims.emailVerified) return { reason: "email_not_verified" };
  if (access === null) return { reason: "no_mapped_group" };
  const role = access?.role ?? newPeople;
  const created = await insertSsoPerson(tx, { email, name: displayName(claims.name, email), role, subject: claims.subject });
  // Taken meanwhile by a concurrent first sign-in or an administrator's Add person: sign in again.
  if (!created) return { reason: "not_a_person" };
  await recordAuditEvent(tx, {
    actor: { id: created.id, email: created.email },
    action: "administrator.create",
    targetType: "administrator",
    targetId: created.id,
    targetName: created.email,
    clientAddress: null,
    details: { role: created.role, via: "oidc" },
  });
  return { person: created };
}

