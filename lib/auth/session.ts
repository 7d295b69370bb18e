import "server-only";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { countAdministrators, findAdministratorById, type AdministratorDto } from "@/db/queries/administrators";
import { currentAdministratorId } from "./current";

/**
 * The signed-in administrator, re-read from the database on every request, so a removed
 * administrator or a changed role takes effect at once even though sessions are JWTs.
 */
export async function getCurrentAdministrator(): Promise<AdministratorDto | null> {
  const id = await currentAdministratorId();
  if (!id) return null;
  return findAdministratorById(getDb(), id);
}

/** For dashboard pages: sends visitors to /setup on an empty database, else to /login. */
export async function requireAdministrator(): Promise<AdministratorDto> {
  const admin = await getCurrentAdministrator();
  if (admin) return admin;
  if ((await countAdministrators(getDb())) === 0) redirect("/setup");
  redirect("/login");
}
