import { getDb } from "@/db/client";
import { workspaceChoicesOfPerson } from "@/db/queries/person-credentials";
import { guardDb } from "@/lib/db-guard";
import { redeemAccessCodeForCredential, signOutOfOpik, switchAccessWorkspace } from "@/lib/domain/access";
import { bufferBody } from "@/lib/http/buffered-body";
import { bodyTimeoutMs, MAX_JSON_BODY_BYTES } from "@/lib/http/json-body";
import { html, redirect, type Reply } from "@/lib/http/reply";
import { answerFrom, RouteTable, type HttpRequest, type Mount } from "@/lib/http/router";
import type { PersonVerifySuccess } from "@/lib/verify";
import { accessCookies, clearedAccessCookies, clearedStateCookie, cookieValues, stateCookie, stateCookieName } from "./cookies";
import { newSignInState, sha256Hex } from "./credential";
import { personFromCookies } from "./forward-auth";
import { messagePage, workspacePage } from "./pages";
import { linkedWorkspace } from "./workspace-link";
import { accessSettings, opikUiUrl, signInUrl, targetUnderOpikUi, type AccessSettings } from "./settings";

/**
 * `/_access/*`: the pages of this service on the Opik host (the proxy routes that prefix here,
 * without forward auth), a mount of server.ts's router (lib/http/router.ts). Sign-in hand-off, the
 * one-time code's callback, the workspace switcher and sign-out. docs/opik-setup.md.
 */
export const ACCESS_PREFIX = "/_access/";
const pages = new RouteTable({ headAsGet: true });

/** Set: answerOpikHost routes here only when OPIK_UI_URL is. */
const settingsOf = (): AccessSettings => accessSettings()!;

const clientAddress = (r: HttpRequest) => r.clientAddress().trim().slice(0, 100) || null;

/** The host the browser asked for, as the proxy reports it (X-Forwarded-Host, else Host), without the port. */
function requestHostname(r: HttpRequest): string | null {
  const raw = (r.header("x-forwarded-host") ?? r.header("host") ?? "").split(",")[0]!.trim();
  try {
    return raw ? new URL(`http://${raw}`).hostname : null;
  } catch {
    return null;
  }
}

/** A form post from the Opik host's own pages: Origin (or Sec-Fetch-Site) says so. Else a forged cross-site post. */
function sameOrigin(r: HttpRequest): boolean {
  const origin = r.header("origin");
  // "null": a browser that hides the origin (a no-referrer policy, a privacy setting); Sec-Fetch-Site still tells.
  if (origin !== undefined && origin !== "null") return origin === settingsOf().opikUi.origin;
  return r.header("sec-fetch-site") === "same-origin";
}

/** The fields of a form post (urlencoded or multipart, parsed by the platform's FormData); anything unreadable is an empty form. */
async function formOf(r: HttpRequest): Promise<Record<string, unknown>> {
  const type = r.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return {};
  const read = await bufferBody(r.raw, MAX_JSON_BODY_BYTES, true, bodyTimeoutMs());
  if (read.kind !== "read") return {};
  try {
    return Object.fromEntries(await new Response(new Uint8Array(read.body), { headers: { "content-type": type } }).formData());
  } catch {
    return {};
  }
}

const signInAgain = { href: "/_access/sign-in?rd=%2F", label: "Sign in" };
const refusedForm = () => html(403, messagePage("Refused", "This form can only be sent from the Opik host's own page."));
const notSignedIn = () => html(401, messagePage("Not signed in", "You are not signed in to Opik.", signInAgain));

// Where every sign-in on the Opik host starts: nginx's error_page target (the page first asked for
// comes in X-Original-URI), Caddy's and Traefik's redirect, the "Sign in" links (`rd`). A new state
// in this host's cookie; its SHA-256 goes with the browser to this service, which binds the
// one-time code to it, so the callback takes the code from this browser only.
// A browser already signed in here comes for an SDK's trace link (/access/check sent it): see
// openWorkspaceLink.
pages.get("/_access/sign-in", async (r) => {
  const settings = settingsOf();
  const asked = r.header("x-original-uri") ?? r.query.get("rd") ?? "/";
  const target = targetUnderOpikUi(asked, settings);
  const usable = target && !target.pathname.startsWith(ACCESS_PREFIX) ? target : opikUiUrl(settings, "/");
  const mode = r.header("sec-fetch-mode");
  const pageLoad = mode ? mode === "navigate" : (r.header("accept") ?? "").includes("text/html");
  const person = pageLoad ? await personFromCookies(r.header("cookie") ?? null, settings.secureCookie) : null;
  if (person) return openWorkspaceLink(r, person.result, usable);
  const state = newSignInState();
  return redirect(signInUrl(settings, usable, sha256Hex(state)), 302, { "set-cookie": stateCookie(state, settings.secureCookie) });
});

pages.get("/_access/callback", async (r) => {
  const settings = settingsOf();
  if (requestHostname(r) !== settings.opikUi.hostname) {
    return html(400, messagePage("Wrong address", `This sign-in link is for ${settings.opikUi.host}. Open Opik there to sign in.`));
  }
  const codes = r.query.getAll("code");
  const states = cookieValues(r.header("cookie"), stateCookieName(settings.secureCookie));
  const redeemed = await redeemAccessCodeForCredential(codes.length === 1 ? codes[0]! : "", states, clientAddress(r));
  // A refusal leaves the browser's cookies alone: a sign-in of its own may still be under way.
  if (!redeemed.ok) return html(redeemed.status, messagePage("Sign-in failed", redeemed.message, signInAgain));
  // Checked when the code was issued; checked again, so no stored row can redirect elsewhere.
  const target = targetUnderOpikUi(redeemed.redirectTo, settings) ?? opikUiUrl(settings, "/");
  return redirect(target.href, 302, { "set-cookie": [...accessCookies(redeemed.credential, settings.secureCookie), clearedStateCookie(settings.secureCookie)] });
});

/**
 * An SDK's link to `/<workspace>/…` opened by a signed-in person (docs/opik-setup.md): their
 * own workspace becomes the current one (a new credential, as Switch), then the same page with
 * `default` first, query kept, which Opik's UI opens. A workspace that is not theirs: a page that
 * names it and offers theirs. Not a workspace's link (any more): the page itself.
 */
async function openWorkspaceLink(r: HttpRequest, person: PersonVerifySuccess, target: URL): Promise<Reply> {
  const link = await linkedWorkspace(target.pathname);
  if (!link) return redirect(target.href, 302);
  const workspaces = await guardDb(() => workspaceChoicesOfPerson(getDb(), person.person.id));
  const email = person.person.email;
  const current = person.workspace.name;
  if (!workspaces.some((w) => w.id === link.workspace.id)) {
    return html(403, workspacePage({ email, current, workspaces, refused: link.workspace.name }));
  }
  let cookies: string[] = [];
  if (link.workspace.id !== person.workspace.id) {
    const switched = await switchAccessWorkspace(person, link.workspace.id, clientAddress(r));
    if (!switched.ok) return html(400, messagePage("Switch failed", switched.message, signInAgain));
    cookies = accessCookies(switched.credential, settingsOf().secureCookie);
  }
  return redirect(opikUiUrl(settingsOf(), `${link.defaultPath}${target.search}`).href, 302, cookies.length ? { "set-cookie": cookies } : {});
}

pages.get("/_access/workspace", async (r) => {
  const switched = r.query.get("switched") ?? undefined;
  const person = await personFromCookies(r.header("cookie") ?? null, settingsOf().secureCookie);
  if (!person) return notSignedIn();
  const workspaces = await guardDb(() => workspaceChoicesOfPerson(getDb(), person.result.person.id));
  const current = person.result.workspace.name;
  // Only ever a confirmation of what is true: the query cannot make the page say anything else.
  const notice = switched === current ? `Now in workspace ${current}` : undefined;
  return html(200, workspacePage({ email: person.result.person.email, current, workspaces, notice }));
});

pages.post("/_access/workspace", async (r) => {
  if (!sameOrigin(r)) return refusedForm();
  const settings = settingsOf();
  const person = await personFromCookies(r.header("cookie") ?? null, settings.secureCookie);
  if (!person) return notSignedIn();
  const form = await formOf(r);
  const workspaceId = typeof form.workspace === "string" ? form.workspace : "";
  if (!/^[0-9a-f-]{36}$/i.test(workspaceId)) return html(400, messagePage("Switch failed", "Choose a workspace from the list."));
  const switched = await switchAccessWorkspace(person.result, workspaceId.toLowerCase(), clientAddress(r));
  if (!switched.ok) return html(400, messagePage("Switch failed", switched.message, { href: "/_access/workspace", label: "Back" }));
  return redirect(`/_access/workspace?switched=${encodeURIComponent(switched.workspaceName)}`, 303, { "set-cookie": accessCookies(switched.credential, settings.secureCookie) });
});

pages.post("/_access/sign-out", async (r) => {
  if (!sameOrigin(r)) return refusedForm();
  const settings = settingsOf();
  const person = await personFromCookies(r.header("cookie") ?? null, settings.secureCookie);
  if (person) await signOutOfOpik(person.result, clientAddress(r));
  return redirect("/_access/signed-out", 303, { "set-cookie": clearedAccessCookies(settings.secureCookie) });
});

pages.get("/_access/signed-out", () =>
  html(200, messagePage("Signed out", "You are signed out of Opik and of the Admin Dashboard.", { href: "/", label: "Sign in again" })),
);

const notFound = () => html(404, messagePage("Not found", "There is no such page.", { href: "/", label: "Back to Opik" }));

const answerPage = answerFrom(pages, {
  notFound,
  methodNotAllowed: notFound,
  onError: (error, r) => {
    console.error(`[access] ${r.method} ${r.pathname} failed: ${error instanceof Error ? error.name : "error"}`);
    return html(503, messagePage("Try again", "This service cannot answer right now. Try again in a moment."));
  },
  headers: (r) => ({
    // The callback's URL holds the one-time code: no page reached from it may learn it. The other
    // pages keep the referrer on the Opik host, so their form posts carry a real Origin.
    "referrer-policy": r.pathname === "/_access/callback" ? "no-referrer" : "same-origin",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  }),
});

/** Answers one request on the Opik host's pages; never rejects. */
export function answerOpikHost(r: HttpRequest): Promise<Reply> | Reply {
  if (!accessSettings()) {
    return html(404, messagePage("Not configured", 'Sign-in for Opik\'s web UI is not configured on this service: set OPIK_UI_URL (README "Use with Opik").'));
  }
  return answerPage(r);
}

export const opikHost: Mount = { owns: (_method, pathname) => pathname.startsWith(ACCESS_PREFIX), answer: answerOpikHost };
