// Issue 23 item 3 at the HTTP layer, in-process, with the Opik host on HTTPS: the Opik host's
// sign-in pages (lib/access/opik-host.ts) and this service's /access/sign-in (its route handler)
// hand a browser its state cookie, bind the one-time code to it, and refuse the code in any other
// browser. On HTTPS both cookies carry the `__Host-` prefix; the bare names are not read there.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as serviceSignIn } from "@/app/access/sign-in/route";
import { getDb } from "@/db/client";
import { administrators, personWorkspaces, workspaces } from "@/db/schema";
import { sha256Hex } from "@/lib/access/credential";
import { answerOpikHost } from "@/lib/access/opik-host";
import { createAdministrator, signAs, uniqueName } from "../support/fixtures";
import { inProcess } from "../support/in-process";

const opikHost = { request: inProcess(answerOpikHost) };

const OPIK = "https://opik.example.test";
const SERVICE = "https://accounts.example.test";
// Read once, on the first request (lib/access/settings.ts): before any request of this file.
process.env.OPIK_UI_URL = OPIK;
process.env.AUTH_URL = SERVICE;

type Browser = { cookies: Map<string, string> };
const newBrowser = (): Browser => ({ cookies: new Map() });
const cookieHeader = (b: Browser) => [...b.cookies].map(([n, v]) => `${n}=${v}`).join("; ");

/** What a browser keeps of a response's Set-Cookies (Max-Age=0 deletes). */
function keep(b: Browser, res: Response): string[] {
  const set = res.headers.getSetCookie();
  for (const cookie of set) {
    const [pair] = cookie.split(";");
    const eq = pair!.indexOf("=");
    if (/Max-Age=0/.test(cookie)) b.cookies.delete(pair!.slice(0, eq));
    else b.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return set;
}

/** A request to the Opik host through its proxy. */
async function onOpikHost(b: Browser, path: string): Promise<Response> {
  const res = await opikHost.request(`${OPIK}${path}`, { headers: { host: "opik.example.test", "x-forwarded-proto": "https", cookie: cookieHeader(b) } });
  keep(b, res);
  return res;
}

/** Opens Opik's sign-in in browser `b` (signed in on the dashboard as whoever signAs names): the callback link it ends at. */
async function callbackLink(b: Browser, path = "/default/projects"): Promise<string> {
  const started = await onOpikHost(b, `/_access/sign-in?rd=${encodeURIComponent(path)}`);
  expect(started.status).toBe(302);
  const issued = await serviceSignIn(new Request(started.headers.get("location")!));
  const location = issued.headers.get("location")!;
  expect(location).toMatch(new RegExp(`^${OPIK}/_access/callback\\?code=`));
  return location.slice(OPIK.length);
}

let attacker: Awaited<ReturnType<typeof createAdministrator>>;

beforeAll(async () => {
  const [ws] = await getDb().insert(workspaces).values({ name: uniqueName("attacker-ws") }).returning({ id: workspaces.id });
  attacker = await createAdministrator("member");
  await getDb().update(administrators).set({ defaultWorkspaceId: ws!.id }).where(eq(administrators.id, attacker.id));
  await getDb().insert(personWorkspaces).values({ personId: attacker.id, workspaceId: ws!.id });
  signAs(attacker);
});

describe("the Opik host's sign-in on HTTPS", () => {
  it("sets a __Host- state cookie (Secure, Path=/, no Domain, HttpOnly, short-lived) and sends only its hash to this service", async () => {
    const b = newBrowser();
    const res = await onOpikHost(b, "/_access/sign-in?rd=%2Fp");
    const [set] = res.headers.getSetCookie();
    expect(set).toMatch(/^__Host-sa_access_state=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
    const state = b.cookies.get("__Host-sa_access_state")!;
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${SERVICE}/access/sign-in`);
    expect(location.searchParams.get("state")).toBe(sha256Hex(state));
    expect(location.href).not.toContain(state);
  });

  it("this service's sign-in without a state sends the browser to the Opik host's sign-in first", async () => {
    const res = await serviceSignIn(new Request(`${SERVICE}/access/sign-in?rd=${encodeURIComponent(`${OPIK}/x`)}`));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${OPIK}/_access/sign-in?rd=${encodeURIComponent(`${OPIK}/x`)}`);
  });

  it("a callback link opened in another browser is refused with a way to sign in again, and is then used up", async () => {
    const withOwnSignIn = newBrowser();
    withOwnSignIn.cookies.set("__Host-sa_access_state", "A".repeat(43)); // a sign-in of its own under way
    for (const victim of [newBrowser(), withOwnSignIn]) {
      const mine = newBrowser();
      const link = await callbackLink(mine);
      const refused = await onOpikHost(victim, link);
      expect(refused.status).toBe(403);
      const body = await refused.text();
      expect(body).toMatch(/started in another browser/);
      expect(body).toContain(`<a class="button" href="/_access/sign-in?rd=%2F">Sign in</a>`);
      expect(refused.headers.getSetCookie()).toEqual([]);
      expect(victim.cookies.has("__Host-sa_access")).toBe(false);
      // Used up by the refusal: not even the browser that asked for it gets it now.
      const late = await onOpikHost(mine, link);
      expect(late.status).toBe(400);
      expect(mine.cookies.has("__Host-sa_access")).toBe(false);
    }
  });

  it("a state cookie without the __Host- prefix (one a sibling subdomain could plant) is not read on HTTPS", async () => {
    const mine = newBrowser();
    const link = await callbackLink(mine);
    const tossed = newBrowser();
    tossed.cookies.set("sa_access_state", mine.cookies.get("__Host-sa_access_state")!);
    expect((await onOpikHost(tossed, link)).status).toBe(403);
  });

  it("in its own browser: a __Host- credential cookie, the state and the old bare cookie cleared; only the __Host- name is read", async () => {
    const mine = newBrowser();
    mine.cookies.set("sa_access", "sapc_from-an-older-version");
    const link = await callbackLink(mine, "/default/projects?tab=1");
    const res = await onOpikHost(mine, link);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${OPIK}/default/projects?tab=1`);
    const set = res.headers.getSetCookie();
    expect(set[0]).toMatch(/^__Host-sa_access=sapc_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect(set).toContain("__Host-sa_access_state=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
    expect(set).toContain("sa_access=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure");
    expect([...mine.cookies.keys()]).toEqual(["__Host-sa_access"]);
    expect((await onOpikHost(mine, "/_access/workspace")).status).toBe(200);
    const bare = newBrowser();
    bare.cookies.set("sa_access", mine.cookies.get("__Host-sa_access")!);
    expect((await onOpikHost(bare, "/_access/workspace")).status).toBe(401);
  });
});
