import type { IncomingMessage } from "node:http";
import { unavailableAnswer } from "@/lib/auth-api/outage";
import { opikError } from "@/lib/http/errors";
import { joinedHeader } from "@/lib/http/json-body";
import type { Reply } from "@/lib/http/reply";
import type { HttpRequest, Mount } from "@/lib/http/router";
import { parseApiKey, stripSmartKeySuffix } from "@/lib/keys";
import { verifyCredential, type PersonVerifySuccess } from "@/lib/verify";
import { accessCookieName, cookieValues } from "./cookies";
import { isPersonCredential } from "./credential";
import { linkedWorkspace } from "./workspace-link";
import { accessSettings, opikSignInUrl, opikUiUrl, targetUnderOpikUi, type AccessSettings } from "./settings";

/** The forward-auth endpoint (README "Use with Opik"; OPIK-WEB-UI.md §4). */
export const FORWARD_AUTH_PATH = "/access/check";
// Opik's own frontend allows 64 KiB request lines (long filter URLs).
const MAX_URI = 64 * 1024;

type Answer = Reply;

const refuse = (msg: string): Answer => opikError(401, msg);

/** A credential a client brings itself (an SDK through the same proxy): a key's or a person's shape. */
function ownCredential(authorization: string | null): string | null {
  const value = authorization?.trim() ?? "";
  if (value === "" || value.length > 4096) return null;
  return isPersonCredential(value) || parseApiKey(stripSmartKeySuffix(value)) ? value : null;
}

/** The first valid credential among the browser's `sa_access` cookies (`__Host-sa_access` on HTTPS), or null. */
export async function personFromCookies(cookieHeader: string | null, secure: boolean): Promise<{ credential: string; result: PersonVerifySuccess } | null> {
  for (const value of cookieValues(cookieHeader, accessCookieName(secure))) {
    if (!isPersonCredential(value)) continue;
    const result = await verifyCredential(value, null);
    if (result.valid && result.kind === "person") return { credential: value, result };
  }
  return null;
}

/** The original request as the proxy describes it: X-Forwarded-* (Caddy, Traefik), else X-Original-* (nginx). */
function original(req: IncomingMessage) {
  const forwardedUri = joinedHeader(req, "x-forwarded-uri");
  const originalUri = joinedHeader(req, "x-original-uri");
  const uri = forwardedUri ?? originalUri ?? "/";
  const method = (joinedHeader(req, "x-forwarded-method") ?? joinedHeader(req, "x-original-method") ?? req.method ?? "GET").toUpperCase();
  // nginx turns anything but 2xx/401/403 into a 500, so it gets 401 and redirects with error_page.
  const redirects = forwardedUri !== null && originalUri === null;
  return { uri, method, redirects };
}

/** A page load by a person (not an XHR/fetch of the UI, not an API client). */
function isPageLoad(req: IncomingMessage, method: string, path: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  if (path === "/api" || path.startsWith("/api/")) return false;
  // Browsers send one Sec-Fetch-Mode; "navigate" is a page load, anything else a script's request.
  const mode = req.headersDistinct["sec-fetch-mode"];
  if (mode) return mode.some((m) => m.trim() === "navigate");
  return (joinedHeader(req, "accept") ?? "").includes("text/html");
}

/** The path of a URI the proxy reported, or null when it is not one (absurd, too long, not a path). */
function pathOf(uri: string): string | null {
  if (uri.length > MAX_URI || !uri.startsWith("/") || /[\u0000-\u001f\u007f]/.test(uri)) return null;
  const end = uri.search(/[?#]/);
  return end === -1 ? uri : uri.slice(0, end);
}

async function decide(req: IncomingMessage, settings: AccessSettings | null): Promise<Answer> {
  // An SDK or script with its own credential: verified first, as /opik/auth would (a key from the
  // check cache, a memory read; a person's credential by its one indexed query), so that a made-up,
  // disabled or expired key gets no page or asset of Opik's frontend either; a database outage
  // throws here and is a 503, never a 200. Then passed on unchanged: echoed, because Traefik and
  // Caddy remove the request's header when the answer lacks it.
  const own = ownCredential(joinedHeader(req, "authorization"));
  if (own) {
    const checked = await verifyCredential(own, null);
    return checked.valid ? { status: 200, headers: { authorization: own } } : refuse(checked.message);
  }
  if (!settings) return refuse("Sign-in for Opik's web UI is not configured on this service (OPIK_UI_URL)");
  const person = await personFromCookies(joinedHeader(req, "cookie"), settings.secureCookie);
  const { uri, method, redirects } = original(req);
  const path = pathOf(uri);
  if (person) {
    // An SDK's trace link (/<workspace>/projects/…): the Opik host's sign-in page switches to that
    // workspace and sends the page on with `default` first (lib/access/workspace-link.ts). Only
    // page loads whose first segment is not `default` cost the one indexed lookup.
    if (path !== null && isPageLoad(req, method, path) && (await linkedWorkspace(path))) {
      const target = targetUnderOpikUi(uri, settings);
      // nginx: the 401 of a page load goes to its error_page, the same sign-in page.
      if (target) return redirects ? { status: 302, headers: { location: opikSignInUrl(settings, target) } } : refuse("Open this workspace's link in the browser");
    }
    return { status: 200, headers: { authorization: person.credential } };
  }

  if (path === null) {
    // nginx turns any status but 2xx/401/403 into a 500: it gets a 403 (the request is refused either way).
    const status = redirects ? 400 : 403;
    return opikError(status, "The original URI the proxy reported is not a path");
  }
  const message = "Sign in to use Opik: open Opik's web UI in the browser and sign in";
  if (!redirects || !isPageLoad(req, method, path)) return refuse(message);
  const target = targetUnderOpikUi(uri, settings) ?? opikUiUrl(settings, "/");
  // Through the Opik host's own sign-in, which ties the sign-in to this browser (its state cookie).
  return { status: 302, headers: { location: opikSignInUrl(settings, target) } };
}

/** Answers one forward-auth request; never rejects. No body is read (proxies send none). */
export async function answerForwardAuth(r: HttpRequest): Promise<Reply> {
  try {
    return await decide(r.raw, accessSettings());
  } catch (error) {
    return unavailableAnswer(error, r.method, FORWARD_AUTH_PATH);
  }
}

/** Forward auth's mount in server.ts: the proxy in front of Opik's web UI asks on every request (docs/opik-setup.md). */
export const forwardAuth: Mount = {
  owns: (_method, pathname) => pathname === FORWARD_AUTH_PATH,
  answer: answerForwardAuth,
  // Whatever body a client sent is not read; drop the connection rather than parse it as the next request.
  after: (r) => {
    if (!r.raw.complete) r.raw.resume();
  },
};
