import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { countAdministrators, type AdministratorDto } from "@/db/queries/administrators";
import { findSignedInAdministrator } from "@/db/queries/sessions";
import { currentSessionToken } from "./current";
import { can, MEMBER_HOME } from "./roles";
import { sessionIdOf } from "./session-token";

/**
 * The signed-in person: the cookie's session and its person, re-read together from the database
 * on every request, so a session that ended (sign-out, sign out everywhere, role change, removal)
 * or passed its absolute expiry is refused at once although sessions are JWTs.
 */
export async function getCurrentAdministrator(): Promise<AdministratorDto | null> {
  const token = await currentSessionToken();
  if (!token) return null;
  return findSignedInAdministrator(getDb(), sessionIdOf(token));
}

/** Any signed-in person, members included (/me): sends visitors to /setup on an empty database, else to /login. */
export async function requirePerson(): Promise<AdministratorDto> {
  const person = await getCurrentAdministrator();
  if (person) return person;
  if ((await countAdministrators(getDb())) === 0) redirect("/setup");
  redirect("/login");
}

/**
 * For dashboard pages (every page and the layout under app/admin call it): someone who may read
 * the dashboard. A member has no dashboard and is sent to their own page, /me.
 */
export async function requireAdministrator(): Promise<AdministratorDto> {
  const person = await requirePerson();
  if (!can(person.role, "read")) redirect(MEMBER_HOME);
  return person;
}
