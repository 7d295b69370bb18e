import { getDb } from "@/db/client";
import { findSignedInAdministrator } from "@/db/queries/sessions";
import { messagePage } from "@/lib/access/pages";
import { isSha256Hex } from "@/lib/access/credential";
import { accessSettings, opikSignInUrl, opikUiUrl, signInUrl, targetUnderOpikUi } from "@/lib/access/settings";
import { currentSessionToken } from "@/lib/auth/current";
import { sessionIdOf } from "@/lib/auth/session-token";
import { guardRequest } from "@/lib/db-guard";
import { issueAccessCode } from "@/lib/domain/access";

export const dynamic = "force-dynamic";

const HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff" };

async function htmlPage(status: number, title: string, message: string): Promise<Response> {
  const body = String(await messagePage(title, message));
  return new Response(body, { status, headers: { ...HEADERS, "Content-Type": "text/html; charset=utf-8" } });
}

/**
 * `GET /access/sign-in?rd=<a URL under OPIK_UI_URL>&state=<SHA-256>` on this service's own host:
 * where the Opik host's /_access/sign-in sends a browser without a session (README "Use with
 * Opik"). Not signed in here → /login, which comes back here. Signed in (any role: members too) →
 * a one-time code bound to `state` (the hash of the Opik host's state cookie in that browser),
 * handed to the Opik host's callback, which sets that host's own cookie. Without a state (an old
 * link) → the Opik host's sign-in first, which sets one.
 */
export async function GET(request: Request): Promise<Response> {
  // Next's client router fetches a page it navigates to (after /login, say) before loading it:
  // a code issued then would be redeemed by a fetch whose cookie is thrown away. Answering it with
  // something that is not a page makes the router load the URL for real, which issues one code.
  if (request.headers.has("rsc") || request.headers.has("next-router-prefetch")) {
    return new Response(null, { status: 204, headers: HEADERS });
  }
  const settings = accessSettings();
  if (!settings) return htmlPage(404, "Not configured", "Sign-in for Opik's web UI is not configured on this service: set OPIK_UI_URL.");
  const url = new URL(request.url);
  const asked = url.searchParams.getAll("rd");
  const target = asked.length === 1 ? targetUnderOpikUi(asked[0], settings) : null;
  if (!target) {
    return htmlPage(400, "Cannot sign in to that address", `After signing in, this service only sends you back to Opik at ${settings.opikUi.origin}. Open Opik there.`);
  }
  const states = url.searchParams.getAll("state");
  const stateHash = states.length === 1 && isSha256Hex(states[0]) ? states[0] : null;
  if (!stateHash) return new Response(null, { status: 302, headers: { ...HEADERS, Location: opikSignInUrl(settings, target) } });
  const service = new URL(signInUrl(settings, target, stateHash));
  const here = `${service.pathname}${service.search}`;
  const code = await guardRequest(async () => {
    const token = await currentSessionToken();
    if (!token || !(await findSignedInAdministrator(getDb(), sessionIdOf(token)))) return null;
    return issueAccessCode(token, target, stateHash);
  });
  const location = code === null ? `/login?next=${encodeURIComponent(here)}` : opikUiUrl(settings, `/_access/callback?code=${code}`).href;
  return new Response(null, { status: 302, headers: { ...HEADERS, Location: location } });
}
