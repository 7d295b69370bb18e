import { ACCESS_COOKIE, ACCESS_STATE_TTL_S } from "./settings";

/** More than this many `sa_access` cookies in one request is not a browser we set them in. */
export const MAX_ACCESS_COOKIES = 3;
/**
 * A Cookie header longer than this is not read at all. It is the request head's own limit
 * (server.ts), so a browser that also carries a parent domain's large cookies (an SSO's, say) is
 * still read: a smaller cut-off would send a signed-in person round the sign-in for ever.
 */
const MAX_COOKIE_HEADER = 64 * 1024;

/**
 * The names of the Opik host's cookies. On HTTPS (OPIK_UI_URL https) they carry the `__Host-`
 * prefix: the browser then takes them only from the Opik host itself (Secure, Path=/, no Domain),
 * never from a sibling subdomain that would plant its own credential or sign-in state (a login
 * CSRF by cookie tossing). On plain HTTP browsers refuse that prefix, so the names are bare there.
 */
const NAMES = {
  plain: { access: ACCESS_COOKIE, state: `${ACCESS_COOKIE}_state` },
  secure: { access: `__Host-${ACCESS_COOKIE}`, state: `__Host-${ACCESS_COOKIE}_state` },
} as const;
export const accessCookieName = (secure: boolean) => (secure ? NAMES.secure : NAMES.plain).access;
export const stateCookieName = (secure: boolean) => (secure ? NAMES.secure : NAMES.plain).state;

/**
 * Every value of the cookie `name` in a Cookie header, in order, at most MAX_ACCESS_COOKIES (a
 * browser can hold several of one name, for other paths or a parent domain; each is tried, the
 * first valid one wins). Values are not decoded: credentials and states are plain base64url.
 */
export function cookieValues(header: string | null | undefined, name: string): string[] {
  if (!header || header.length > MAX_COOKIE_HEADER) return [];
  const values: string[] = [];
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    values.push(part.slice(eq + 1).trim());
    if (values.length === MAX_ACCESS_COOKIES) break;
  }
  return values;
}

const attributes = (secure: boolean, maxAge?: number) => `Path=/;${maxAge === undefined ? "" : ` Max-Age=${maxAge};`} HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;

/**
 * On HTTPS, the bare `sa_access` of the versions before the `__Host-` name: no longer read (its
 * holder just signs in again), so cleared whenever the credential's cookie is set or cleared.
 */
const legacyCleared = (secure: boolean) => (secure ? [`${ACCESS_COOKIE}=; ${attributes(true, 0)}`] : []);

/** The credential's Set-Cookies for the Opik host: host-only (no Domain), HttpOnly, SameSite=Lax, Secure and `__Host-` on HTTPS. */
export function accessCookies(value: string, secure: boolean): string[] {
  return [`${accessCookieName(secure)}=${value}; ${attributes(secure)}`, ...legacyCleared(secure)];
}

export function clearedAccessCookies(secure: boolean): string[] {
  return [`${accessCookieName(secure)}=; ${attributes(secure, 0)}`, ...legacyCleared(secure)];
}

/** The sign-in state's Set-Cookie: like the credential's, and gone after ACCESS_STATE_TTL_S. */
export function stateCookie(value: string, secure: boolean): string {
  return `${stateCookieName(secure)}=${value}; ${attributes(secure, ACCESS_STATE_TTL_S)}`;
}

export function clearedStateCookie(secure: boolean): string {
  return `${stateCookieName(secure)}=; ${attributes(secure, 0)}`;
}
