import { ACCESS_COOKIE } from "./settings";

/** More than this many `sa_access` cookies in one request is not a browser we set them in. */
export const MAX_ACCESS_COOKIES = 3;
/**
 * A Cookie header longer than this is not read at all. It is the request head's own limit
 * (server.ts), so a browser that also carries a parent domain's large cookies (an SSO's, say) is
 * still read: a smaller cut-off would send a signed-in person round the sign-in for ever.
 */
const MAX_COOKIE_HEADER = 64 * 1024;

/**
 * Every value of the `sa_access` cookie in a Cookie header, in order, at most MAX_ACCESS_COOKIES
 * (a browser can hold several of one name, for other paths or a parent domain; each is tried,
 * the first valid one wins). Values are not decoded: a credential is plain base64url.
 */
export function accessCookieValues(header: string | null | undefined): string[] {
  if (!header || header.length > MAX_COOKIE_HEADER) return [];
  const values: string[] = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== ACCESS_COOKIE) continue;
    values.push(part.slice(eq + 1).trim());
    if (values.length === MAX_ACCESS_COOKIES) break;
  }
  return values;
}

/** The Set-Cookie value for the Opik host: host-only (no Domain), HttpOnly, SameSite=Lax, Secure on HTTPS. */
export function accessCookie(value: string, secure: boolean): string {
  return `${ACCESS_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function clearedAccessCookie(secure: boolean): string {
  return `${ACCESS_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
