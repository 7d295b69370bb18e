/**
 * Signing in over HTTP through Auth.js's own endpoints (what a script would do, bypassing the
 * dashboard's form): GET /api/auth/csrf, then POST /api/auth/callback/credentials.
 */
export type SignInReply = { status: number; location: string; cookies: string[] };

/** `name=value` pairs of Set-Cookie lines, for a Cookie header. */
const cookieHeader = (setCookies: string[]) => setCookies.map((c) => c.split(";")[0]).join("; ");

/** The Set-Cookie line for a cookie whose name ends with `suffix` (Auth.js prefixes __Secure-/__Host- over HTTPS). */
export const findCookie = (cookies: string[], suffix: string) => cookies.find((c) => c.split("=")[0]!.endsWith(suffix));

export async function csrf(baseUrl: string, headers: Record<string, string>): Promise<{ token: string; cookies: string[] }> {
  const res = await fetch(`${baseUrl}/api/auth/csrf`, { headers, signal: AbortSignal.timeout(15_000) });
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { token: csrfToken, cookies: res.headers.getSetCookie() };
}

export async function signInOverHttp(
  baseUrl: string,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<SignInReply> {
  const token = await csrf(baseUrl, headers);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(token.cookies) },
    body: new URLSearchParams({ ...credentials, csrfToken: token.token, callbackUrl: "/admin/service-accounts" }),
    signal: AbortSignal.timeout(15_000),
  });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get("location") ?? "", cookies: res.headers.getSetCookie() };
}
