import { auth } from "./next-auth";

/**
 * The session token in the session cookie, or null. The only read of the Auth.js session. Not yet
 * checked against the sessions table: getCurrentAdministrator (session.ts) does that.
 */
export async function currentSessionToken(): Promise<string | null> {
  const session = await auth();
  return session?.sessionToken ?? null;
}
