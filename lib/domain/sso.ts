import "server-only";
import { getDb, type Tx } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit";
import { findPersonByEmailForSso, findPersonBySsoSubject, insertSsoPerson, linkSsoSubject, type SsoPerson } from "@/db/queries/sso";
import type { Role } from "@/db/schema";
import { recordRefusedSignIn, startSessionIn } from "./sessions";

/**
 * A sign-in with single sign-on (README "Single sign-on"): what the identity provider said about
 * the person, already checked by Auth.js (signature, issuer, audience, nonce, state and PKCE).
 */
export type SsoClaims = { subject: string; email: string | null; emailVerified: boolean; name: string | null };

export type SsoRefusal =
  /** Not a person here, and AUTH_OIDC_NEW_PEOPLE is refuse. */
  | "not_a_person"
  /** The provider did not vouch for the email (email_verified is not true): it never links to or creates a person. */
  | "email_not_verified"
  /** No usable email in the claims. */
  | "no_email"
  /** The person with this email is linked to another subject of the provider. */
  | "linked_elsewhere"
  | "disabled";

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
 * when AUTH_OIDC_NEW_PEOPLE names a role, a new person with it. A refusal changes nothing but
 * its audit event. The session, the link or the new person, and the audit events are one
 * transaction.
 */
export async function signInWithSso(
  claims: SsoClaims,
  options: { newPeople: "refuse" | Role; clientAddress: string | null },
): Promise<SsoSignIn> {
  const email = claims.email?.trim().toLowerCase() ?? "";
  const usableEmail = email.length <= MAX_EMAIL && EMAIL_SHAPE.test(email) ? email : null;
  type Outcome = Extract<SsoSignIn, { ok: true }> | { ok: false; reason: SsoRefusal; person: SsoPerson | null };
  const outcome = await getDb().transaction(async (tx): Promise<Outcome> => {
    const found = await findOrCreate(tx, claims, usableEmail, options.newPeople);
    if ("reason" in found) return { ok: false, reason: found.reason, person: found.person ?? null };
    const person = found.person;
    if (person.disabledAt) return { ok: false, reason: "disabled", person };
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
): Promise<{ person: SsoPerson } | { reason: SsoRefusal; person?: SsoPerson }> {
  const linked = await findPersonBySsoSubject(tx, claims.subject);
  if (linked) return { person: linked };
  if (!email) return { reason: "no_email" };
  const byEmail = await findPersonByEmailForSso(tx, email);
  if (byEmail) {
    // An unverified email claim never takes over an existing person.
    if (!claims.emailVerified) return { reason: "email_not_verified", person: byEmail };
    if (byEmail.ssoSubject && byEmail.ssoSubject !== claims.subject) return { reason: "linked_elsewhere", person: byEmail };
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
  const created = await insertSsoPerson(tx, { email, name: displayName(claims.name, email), role: newPeople, subject: claims.subject });
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

