import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { countAdministrators, type AdministratorDto } from "@/db/queries/administrators";
import { findSignedInAdministrator } from "@/db/queries/sessions";
import { currentSessionToken } from "./current";
import { sessionIdOf } from "./session-token";

/**
 * The signed-in administrator: the cookie's session and its administrator, re-read together from
 * the database on every request, so a session that ended (sign-out, sign out everywhere, role
 * change, removal) or passed its absolute expiry is refused at once although sessions are JWTs.
 */
export async function getCurrentAdministrator(): Promise<AdministratorDto | null> {
  const token = await currentSessionToken();
  if (!token) return null;
  return findSignedInAdministrator(getDb(), sessionIdOf(token));
}

/** For dashboard pages: sends visitors to /setup on an empty database, else to /login. */
export async function requireAdministrator(): Promise<AdministratorDto> {
  const admin = await getCurrentAdministrator();
  if (admin) return admin;
  if ((await countAdministrators(getDb())) === 0) redirect("/setup");
  redirect("/login");
}
