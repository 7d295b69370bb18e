import { Hono, type Context } from "hono";
import { getDb } from "@/db/client";
import { workspaceChoicesOfPerson } from "@/db/queries/person-credentials";
import { guardDb } from "@/lib/db-guard";
import { redeemAccessCodeForCredential, signOutOfOpik, switchAccessWorkspace } from "@/lib/domain/access";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import type { PersonVerifySuccess } from "@/lib/verify";
import { accessCookies, clearedAccessCookies, clearedStateCookie, cookieValues, stateCookie, stateCookieName } from "./cookies";
import { newSignInState, sha256Hex } from "./credential";
import { personFromCookies } from "./forward-auth";
import { messagePage, workspacePage } from "./pages";
import { linkedWorkspace } from "./workspace-link";
import { accessSettings, opikUiUrl, signInUrl, targetUnderOpikUi, type AccessSettings } from "./settings";

/**
 * `/_access/*`: the pages of this service on the Opik host (the proxy routes that prefix here,
 * without forward auth). Sign-in hand-off, the one-time code's callback, the workspace switcher
 * and sign-out. README "Use with Opik".
 */
export const ACCESS_PREFIX = "/_access/";
type Env = { Variables: { settings: AccessSettings } };
export const opikHost = new Hono<Env>();

opikHost.use(async (c, next) => {
  const settings = accessSettings();
  if (!settings) return c.html(messagePage("Not configured", "Sign-in for Opik's web UI is not configured on this service: set OPIK_UI_URL (README \"Use with Opik\")."), 404);
  c.set("settings", settings);
  await next();
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("X-Content-Type-Options", "nosniff");
  // The callback's URL holds the one-time code: no page reached from it may learn it. The other
  // pages keep the referrer on the Opik host, so their form posts carry a real Origin.
  c.res.headers.set("Referrer-Policy", c.req.path === "/_access/callback" ? "no-referrer" : "same-origin");
  c.res.headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
});

const clientAddress = (c: Context) => c.req.header(CLIENT_ADDRESS_HEADER)?.trim().slice(0, 100) || null;

/** The host the browser asked for, as the proxy reports it (X-Forwarded-Host, else Host), without the port. */
function requestHostname(c: Context): string | null {
  const raw = (c.req.header("x-forwarded-host") ?? c.req.header("host") ?? "").split(",")[0]!.trim();
  try {
    return raw ? new URL(`http://${raw}`).hostname : null;
  } catch {
    return null;
  }
}

/** A form post from the Opik host's own pages: Origin (or Sec-Fetch-Site) says so. Else a forged cross-site post. */
function sameOrigin(c: Context<Env>): boolean {
  const origin = c.req.header("origin");
  // "null": a browser that hides the origin (a no-referrer policy, a privacy setting); Sec-Fetch-Site still tells.
  if (origin !== undefined && origin !== "null") return origin === c.var.settings.opikUi.origin;
  return c.req.header("sec-fetch-site") === "same-origin";
}

const signInAgain = { href: "/_access/sign-in?rd=%2F", label: "Sign in" };

const setCookies = (c: Context, cookies: string[]) => {
  for (const cookie of cookies) c.header("Set-Cookie", cookie, { append: true });
};

// Where every sign-in on the Opik host starts: nginx's error_page target (the page first asked for
// comes in X-Original-URI), Caddy's and Traefik's redirect, the "Sign in" links (`rd`). A new state
// in this host's cookie; its SHA-256 goes with the browser to this service, which binds the
// one-time code to it, so the callback takes the code from this browser only.
// A browser already signed in here comes for an SDK's trace link (/access/check sent it): see
// openWorkspaceLink.
opikHost.get("/_access/sign-in", async (c) => {
  const settings = c.var.settings;
  const asked = c.req.header("x-original-uri") ?? c.req.query("rd") ?? "/";
  const target = targetUnderOpikUi(asked, settings);
  const usable = target && !target.pathname.startsWith(ACCESS_PREFIX) ? target : opikUiUrl(settings, "/");
  const mode = c.req.header("sec-fetch-mode");
  const pageLoad = mode ? mode === "navigate" : (c.req.header("accept") ?? "").includes("text/html");
  const person = pageLoad ? await personFromCookies(c.req.header("cookie") ?? null, settings.secureCookie) : null;
  if (person) return openWorkspaceLink(c, person.result, usable);
  const state = newSignInState();
  c.header("Set-Cookie", stateCookie(state, settings.secureCookie));
  return c.redirect(signInUrl(settings, usable, sha256Hex(state)), 302);
});

opikHost.get("/_access/callback", async (c) => {
  const settings = c.var.settings;
  if (requestHostname(c) !== settings.opikUi.hostname) {
    return c.html(messagePage("Wrong address", `This sign-in link is for ${settings.opikUi.host}. Open Opik there to sign in.`), 400);
  }
  const codes = c.req.queries("code") ?? [];
  const states = cookieValues(c.req.header("cookie"), stateCookieName(settings.secureCookie));
  const redeemed = await redeemAccessCodeForCredential(codes.length === 1 ? codes[0]! : "", states, clientAddress(c));
  // A refusal leaves the browser's cookies alone: a sign-in of its own may still be under way.
  if (!redeemed.ok) return c.html(messagePage("Sign-in failed", redeemed.message, signInAgain), redeemed.status);
  // Checked when the code was issued; checked again, so no stored row can redirect elsewhere.
  const target = targetUnderOpikUi(redeemed.redirectTo, settings) ?? opikUiUrl(settings, "/");
  setCookies(c, [...accessCookies(redeemed.credential, settings.secureCookie), clearedStateCookie(settings.secureCookie)]);
  return c.redirect(target.href, 302);
});

/**
 * An SDK's link to `/<workspace>/…` opened by a signed-in person (README "Use with Opik"): their
 * own workspace becomes the current one (a new credential, as Switch), then the same page with
 * `default` first, query kept, which Opik's UI opens. A workspace that is not theirs: a page that
 * names it and offers theirs. Not a workspace's link (any more): the page itself.
 */
async function openWorkspaceLink(c: Context<Env>, person: PersonVerifySuccess, target: URL) {
  const link = await linkedWorkspace(target.pathname);
  if (!link) return c.redirect(target.href, 302);
  const workspaces = await guardDb(() => workspaceChoicesOfPerson(getDb(), person.person.id));
  const email = person.person.email;
  const current = person.workspace.name;
  if (!workspaces.some((w) => w.id === link.workspace.id)) {
    return c.html(workspacePage({ email, current, workspaces, refused: link.workspace.name }), 403);
  }
  if (link.workspace.id !== person.workspace.id) {
    const switched = await switchAccessWorkspace(person, link.workspace.id, clientAddress(c));
    if (!switched.ok) return c.html(messagePage("Switch failed", switched.message, signInAgain), 400);
    setCookies(c, accessCookies(switched.credential, c.var.settings.secureCookie));
  }
  return c.redirect(opikUiUrl(c.var.settings, `${link.defaultPath}${target.search}`).href, 302);
}

async function showWorkspaces(c: Context<Env>, switched?: string) {
  const person = await personFromCookies(c.req.header("cookie") ?? null, c.var.settings.secureCookie);
  if (!person) return c.html(messagePage("Not signed in", "You are not signed in to Opik.", signInAgain), 401);
  const workspaces = await guardDb(() => workspaceChoicesOfPerson(getDb(), person.result.person.id));
  const current = person.result.workspace.name;
  // Only ever a confirmation of what is true: the query cannot make the page say anything else.
  const notice = switched === current ? `Now in workspace ${current}` : undefined;
  return c.html(workspacePage({ email: person.result.person.email, current, workspaces, notice }));
}

opikHost.get("/_access/workspace", (c) => showWorkspaces(c, c.req.query("switched")));

opikHost.post("/_access/workspace", async (c) => {
  if (!sameOrigin(c)) return c.html(messagePage("Refused", "This form can only be sent from the Opik host's own page."), 403);
  const person = await personFromCookies(c.req.header("cookie") ?? null, c.var.settings.secureCookie);
  if (!person) return c.html(messagePage("Not signed in", "You are not signed in to Opik.", signInAgain), 401);
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const workspaceId = typeof form.workspace === "string" ? form.workspace : "";
  if (!/^[0-9a-f-]{36}$/i.test(workspaceId)) return c.html(messagePage("Switch failed", "Choose a workspace from the list."), 400);
  const switched = await switchAccessWorkspace(person.result, workspaceId.toLowerCase(), clientAddress(c));
  if (!switched.ok) return c.html(messagePage("Switch failed", switched.message, { href: "/_access/workspace", label: "Back" }), 400);
  setCookies(c, accessCookies(switched.credential, c.var.settings.secureCookie));
  return c.redirect(`/_access/workspace?switched=${encodeURIComponent(switched.workspaceName)}`, 303);
});

opikHost.post("/_access/sign-out", async (c) => {
  if (!sameOrigin(c)) return c.html(messagePage("Refused", "This form can only be sent from the Opik host's own page."), 403);
  const person = await personFromCookies(c.req.header("cookie") ?? null, c.var.settings.secureCookie);
  if (person) await signOutOfOpik(person.result, clientAddress(c));
  setCookies(c, clearedAccessCookies(c.var.settings.secureCookie));
  return c.redirect("/_access/signed-out", 303);
});

opikHost.get("/_access/signed-out", (c) =>
  c.html(messagePage("Signed out", "You are signed out of Opik and of the Admin Dashboard.", { href: "/", label: "Sign in again" })),
);

opikHost.notFound((c) => c.html(messagePage("Not found", "There is no such page.", { href: "/", label: "Back to Opik" }), 404));

opikHost.onError((error, c) => {
  console.error(`[access] ${c.req.method} ${c.req.path} failed: ${error instanceof Error ? error.name : "error"}`);
  return c.html(messagePage("Try again", "This service cannot answer right now. Try again in a moment."), 503);
});
