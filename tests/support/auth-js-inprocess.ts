/**
 * Auth.js's real route handlers (app/api/auth/[...nextauth]) called in-process, and the real
 * in-process session read (lib/auth/current.ts → auth()) fed the same cookies, for integration
 * tests of sessions. A test file using this must `vi.unmock("@/lib/auth/current")` and must not
 * mock next-auth; vitest.config.ts lets Vite bundle next-auth so that it loads outside Next.
 */
import { handlers } from "@/lib/auth/next-auth";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { requestContext } from "./next-mocks";

const ORIGIN = "http://localhost:3000";
export const SESSION_COOKIE = "authjs.session-token";

export type Reply = { status: number; body: string; cookies: Map<string, string> };

/** `Set-Cookie` lines as name → value (an emptied cookie has the value ""). */
function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    out.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return out;
}

const cookieHeader = (cookies: Map<string, string>) => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");

async function call(method: "GET" | "POST", path: string, cookies: Map<string, string>, form?: Record<string, string>, address = "203.0.113.50"): Promise<Reply> {
  const headers = new Headers({ cookie: cookieHeader(cookies), [CLIENT_ADDRESS_HEADER]: address });
  if (form) headers.set("content-type", "application/x-www-form-urlencoded");
  const request = new Request(`${ORIGIN}${path}`, { method, headers, body: form ? new URLSearchParams(form) : undefined });
  // The route handlers' type wants a NextRequest; Auth.js reads only what a Request has.
  const res = await handlers[method](request as Parameters<(typeof handlers)["GET"]>[0]);
  return { status: res.status, body: await res.text(), cookies: setCookies(res) };
}

async function csrf(cookies: Map<string, string>): Promise<{ token: string; cookies: Map<string, string> }> {
  const reply = await call("GET", "/api/auth/csrf", cookies);
  return { token: (JSON.parse(reply.body) as { csrfToken: string }).csrfToken, cookies: new Map([...cookies, ...reply.cookies]) };
}

/** POST /api/auth/callback/credentials as a script would; returns the session cookie's value. */
export async function signIn(credentials: { email: string; password: string }, address?: string): Promise<string> {
  const { token, cookies } = await csrf(new Map());
  const reply = await call("POST", "/api/auth/callback/credentials", cookies, { ...credentials, csrfToken: token, callbackUrl: "/admin" }, address);
  const session = reply.cookies.get(SESSION_COOKIE);
  if (reply.status !== 302 || !session) throw new Error(`sign-in failed: ${reply.status}`);
  return session;
}

/** POST /api/auth/signout with the session cookie (and the CSRF token Auth.js requires). */
export async function signOut(session: string): Promise<Reply> {
  const { token, cookies } = await csrf(new Map([[SESSION_COOKIE, session]]));
  return call("POST", "/api/auth/signout", cookies, { csrfToken: token, callbackUrl: "/login" });
}

/** GET /api/auth/session: the session Auth.js reports, and the renewed cookie it sets (if any). */
export async function getSession(session: string): Promise<{ session: { user?: { id?: string } } | null; renewed: string | null; reply: Reply }> {
  const reply = await call("GET", "/api/auth/session", new Map([[SESSION_COOKIE, session]]));
  return { session: JSON.parse(reply.body) as { user?: { id?: string } } | null, renewed: reply.cookies.get(SESSION_COOKIE) || null, reply };
}

/** Makes the following in-process calls (pages, server actions) arrive with this session cookie, or none. */
export function useCookie(session: string | null): void {
  requestContext.headers = new Headers({
    host: "localhost:3000",
    "x-forwarded-proto": "http",
    [CLIENT_ADDRESS_HEADER]: "203.0.113.7",
    ...(session ? { cookie: `${SESSION_COOKIE}=${session}` } : {}),
  });
}
