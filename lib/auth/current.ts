import { auth } from "./next-auth";

/** The administrator id in the signed session cookie, or null. The only read of the Auth.js session. */
export async function currentAdministratorId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
