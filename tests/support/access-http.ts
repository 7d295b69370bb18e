import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { administrators, personWorkspaces } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { send, sendRaw, type Reply } from "./contract-http";
import { signInForCookie } from "./dashboard-http";

/** The Opik host of the access tests: only ever named in headers (the proxy's X-Forwarded-Host). */
export const OPIK_UI = "http://localhost:8080";
export const PERSON_PASSWORD = "a long enough password 11";

/** A person of `role` with default workspace `defaultWs` and the authorized `authorized`, straight into the database. */
export async function seedPerson(
  db: Db,
  input: { email: string; role: "admin" | "viewer" | "member"; defaultWs: string | null; authorized: string[] },
): Promise<{ id: string; email: string }> {
  const [row] = await db
    .insert(administrators)
    .values({ email: input.email, name: input.email.split("@")[0]!, role: input.role, passwordHash: await hashPassword(PERSON_PASSWORD), defaultWorkspaceId: input.defaultWs })
    .returning({ id: administrators.id, email: administrators.email });
  if (input.authorized.length) await db.insert(personWorkspaces).values(input.authorized.map((workspaceId) => ({ personId: row!.id, workspaceId })));
  return row!;
}

/** Headers of a request the proxy makes on the Opik host's behalf. */
export const onOpikHost = (extra: Record<string, string> = {}) => ({ "x-forwarded-host": "localhost:8080", "x-forwarded-proto": "http", ...extra });

/**
 * The Opik host's /_access/sign-in (reached through the proxy): the state cookie it set
 * (`name=value`) and the path of this service's sign-in it sends the browser on to.
 */
export async function startOpikSignIn(baseUrl: string, target = `${OPIK_UI}/default/projects`): Promise<{ stateCookie: string; signInPath: string }> {
  const started = await send(baseUrl, `/_access/sign-in?rd=${encodeURIComponent(target)}`, { headers: onOpikHost(), redirect: "manual" });
  const set = started.headers.get("set-cookie")?.find((c) => c.startsWith("sa_access_state="));
  const location = started.header("location") ?? "";
  if (started.status !== 302 || !set) throw new Error(`no sign-in state: ${started.status} ${location}`);
  const url = new URL(location);
  return { stateCookie: set.split(";")[0]!, signInPath: `${url.pathname}${url.search}` };
}

/** The whole sign-in as a browser does it: /login, /_access/sign-in, /access/sign-in, the code, the callback. The sa_access cookie. */
export async function signInToOpik(baseUrl: string, email: string, target = `${OPIK_UI}/default/projects`): Promise<{ cookie: string; dashboardCookie: string }> {
  const dashboardCookie = await signInForCookie(baseUrl, { email, password: PERSON_PASSWORD });
  const { stateCookie, signInPath } = await startOpikSignIn(baseUrl, target);
  const issued = await send(baseUrl, signInPath, { headers: { cookie: dashboardCookie }, redirect: "manual" });
  const location = issued.header("location") ?? "";
  if (issued.status !== 302 || !location.startsWith(`${OPIK_UI}/_access/callback?code=`)) throw new Error(`no code: ${issued.status} ${location}`);
  const callback = await callbackOf(baseUrl, location, stateCookie);
  const set = callback.headers.get("set-cookie")?.find((c) => c.startsWith("sa_access="));
  if (callback.status !== 302 || !set) throw new Error(`callback refused: ${callback.status} ${callback.text.slice(0, 200)}`);
  return { cookie: set.split(";")[0]!, dashboardCookie };
}

/** Follows a callback URL of the Opik host by sending it to this service as the proxy would, with the browser's cookies. */
export function callbackOf(baseUrl: string, location: string, cookie = "", host = "localhost:8080"): Promise<Reply> {
  const url = new URL(location);
  const headers = onOpikHost({ "x-forwarded-host": host, ...(cookie ? { cookie } : {}) });
  return send(baseUrl, `${url.pathname}${url.search}`, { headers, redirect: "manual" });
}

/** A forward-auth subrequest, byte for byte as given (fetch would replace Sec-Fetch-Mode with its own). */
export function forwardAuth(baseUrl: string, headers: Record<string, string>, method = "GET"): Promise<Reply> {
  return sendRaw(Number(new URL(baseUrl).port), { method, path: "/access/check", headers: Object.entries(headers) });
}

export async function personIdOf(db: Db, email: string): Promise<string> {
  const [row] = await db.select({ id: administrators.id }).from(administrators).where(eq(administrators.email, email));
  return row!.id;
}
