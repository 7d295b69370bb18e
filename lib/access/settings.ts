/**
 * Settings of the Opik-web-UI access (README "Use with Opik"), read once and checked at start-up
 * (server.ts), so a typo stops the process with its reason instead of breaking sign-in later.
 *
 * - OPIK_UI_URL: the public URL of the Opik host (the proxy in front of Opik's frontend). Every
 *   redirect target of the sign-in must lie under it; unset = the Opik-web-UI access is off.
 * - AUTH_URL: where browsers reach this service (Auth.js reads it too). Required with OPIK_UI_URL:
 *   the proxy sends people here to sign in.
 * - ACCESS_IDLE_TIMEOUT_S: a person's credential ends after this long without a request.
 */
export type AccessSettings = {
  /** The Opik host's origin (OPIK_UI_URL is a host's root: the proxy routes `/_access/` there). */
  opikUi: URL;
  service: URL;
  idleTimeoutS: number;
  secureCookie: boolean;
};

export const DEFAULT_IDLE_TIMEOUT_S = 2 * 60 * 60;
/** How long a one-time code of the sign-in lives: one redirect's worth, with room for a slow network. */
export const ACCESS_CODE_TTL_S = 60;
/**
 * How long the Opik host's sign-in state cookie lives: the whole sign-in, a password typed or a
 * round trip through the identity provider included.
 */
export const ACCESS_STATE_TTL_S = 10 * 60;
/** The cookie on the Opik host. Never `sessionToken`: that name sends Opik's backend down its session path. */
export const ACCESS_COOKIE = "sa_access";

/** An http(s) URL without user, query or fragment, or an error that names the setting (OPIK_URL uses it too). */
export function parseBaseUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an absolute http(s) URL such as http://localhost:8080 (got "${raw.slice(0, 80)}")`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`${name} must start with http:// or https://`);
  if (url.username || url.password || url.search || url.hash) throw new Error(`${name} must be a plain base URL: no user, query or fragment`);
  return url;
}

export function readAccessSettings(env: Record<string, string | undefined> = process.env): AccessSettings | null {
  const raw = env.OPIK_UI_URL?.trim();
  if (!raw) return null;
  const opikUi = parseBaseUrl("OPIK_UI_URL", raw);
  if (opikUi.pathname !== "/") {
    throw new Error(`OPIK_UI_URL must be the root of the Opik host, such as ${opikUi.origin} (the proxy serves Opik's web UI and /_access/ there)`);
  }
  const serviceRaw = env.AUTH_URL?.trim();
  if (!serviceRaw) throw new Error("OPIK_UI_URL needs AUTH_URL too: the public URL where browsers reach this service to sign in");
  const service = parseBaseUrl("AUTH_URL", serviceRaw);
  const idleRaw = env.ACCESS_IDLE_TIMEOUT_S?.trim();
  const idleTimeoutS = idleRaw ? Number(idleRaw) : DEFAULT_IDLE_TIMEOUT_S;
  if (!Number.isInteger(idleTimeoutS) || idleTimeoutS < 60 || idleTimeoutS > 7 * 24 * 3600) {
    throw new Error(`ACCESS_IDLE_TIMEOUT_S must be a whole number of seconds from 60 to 604800 (got "${idleRaw}")`);
  }
  return {
    opikUi,
    service,
    idleTimeoutS,
    secureCookie: opikUi.protocol === "https:",
  };
}

let cached: { settings: AccessSettings | null } | undefined;

/** The settings of this process (read once). Throws on a bad value: server.ts calls it at start-up. */
export function accessSettings(): AccessSettings | null {
  cached ??= { settings: readAccessSettings() };
  return cached.settings;
}

/**
 * A redirect target under OPIK_UI_URL, normalised, or null. Accepts an absolute URL or a path of
 * the Opik host. Refuses other hosts, other schemes, userinfo, backslashes and control characters
 * (browsers would read some of those as another host).
 */
export function targetUnderOpikUi(value: unknown, settings: AccessSettings): URL | null {
  if (typeof value !== "string" || value === "" || value.length > 4000) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return null;
  const relative = value.startsWith("/");
  if (relative && value.startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(value, settings.opikUi);
  } catch {
    return null;
  }
  if (!relative && !/^https?:\/\//i.test(value)) return null;
  if (url.origin !== settings.opikUi.origin || url.username || url.password) return null;
  url.hash = "";
  return url;
}

/** The Opik host's own address for a path under it (`/_access/callback` → OPIK_UI_URL + path). */
export function opikUiUrl(settings: AccessSettings, path: string): URL {
  return new URL(path, settings.opikUi.origin);
}

/**
 * Where a browser without a session starts: the Opik host's own sign-in, which sets the state
 * cookie that ties the one-time code to this browser, back to `target` afterwards.
 */
export function opikSignInUrl(settings: AccessSettings, target: URL): string {
  return opikUiUrl(settings, `/_access/sign-in?rd=${encodeURIComponent(target.href)}`).href;
}

/** This service's sign-in, from the Opik host's: back to `target`, the code bound to the state whose SHA-256 is `stateHash`. */
export function signInUrl(settings: AccessSettings, target: URL, stateHash: string): string {
  return new URL(`/access/sign-in?rd=${encodeURIComponent(target.href)}&state=${stateHash}`, settings.service.origin).href;
}
