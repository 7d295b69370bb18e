// Issue 23 item 3: the Opik host's one-time code works only in the browser that asked for it.
// Through the shipped nginx configuration with the real nginx (tests/support/opik-deployment.ts):
// Bob (the sender) signs in on the Opik host in his own browser but stops at the callback link,
// which he sends to colleagues. Opened in their browsers it signs no one into Bob's workspace and
// offers to sign in again; in Bob's own browser the same kind of link works.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startDeployment, type Deployment } from "../tests/support/opik-deployment";
import { missingBinaries } from "../tests/support/proxies";
import { apiResult, expectOnSignIn, fillSignIn, newBrowser, signInThroughOpik } from "./support/opik";
import { NO_SESSION } from "./support/sessions";

test.use({ storageState: NO_SESSION });
test.describe.configure({ mode: "serial" });
const missing = missingBinaries("nginx");
test.skip(missing !== null, `nginx: ${missing}`);

let d: Deployment;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  d = await startDeployment("nginx");
});
test.afterAll(async () => {
  await d?.stop();
});

/**
 * Bob's browser (its cookies: signed in on the service) opens Opik and follows the sign-in's
 * redirects by hand up to the callback link, which it returns instead of opening (Playwright
 * cannot stop a redirect chain at a given hop). Its state cookie lands in Bob's cookie jar.
 */
async function callbackLinkOf(context: BrowserContext): Promise<string> {
  const started = await context.request.get(opikPage(), { maxRedirects: 0, headers: { accept: "text/html", "sec-fetch-mode": "navigate" } });
  expect(started.status()).toBe(302);
  const issued = await context.request.get(started.headers().location!, { maxRedirects: 0 });
  expect(issued.status()).toBe(302);
  const link = issued.headers().location!;
  expect(link).toMatch(new RegExp(`^${d.opikUrl}/_access/callback\\?code=`));
  return link;
}

async function signedInOnService(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const bob = await newBrowser(browser);
  await bob.page.goto(`${d.serviceUrl}/login`);
  await fillSignIn(bob.page, d.fixtures.bob);
  await expect(bob.page).not.toHaveURL(/\/login/);
  return bob;
}

function opikPage(): string {
  return `${d.opikUrl}/default/projects`;
}

test("a callback link opened in another browser is refused, offers to sign in again, and signs no one into the sender's workspace", async ({ browser }) => {
  const bob = await signedInOnService(browser);
  const first = await callbackLinkOf(bob.context);
  const second = await callbackLinkOf(bob.context);

  // A colleague without an Opik session: refused, no credential, and Sign in starts her own sign-in.
  const stranger = await newBrowser(browser);
  await stranger.page.goto(first);
  await expect(stranger.page.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  await expect(stranger.page.getByRole("alert")).toContainText("started in another browser");
  expect((await stranger.context.cookies(d.opikUrl)).map((c) => c.name)).not.toContain("sa_access");
  await stranger.page.getByRole("link", { name: "Sign in" }).click();
  await expectOnSignIn(stranger.page, d);
  await fillSignIn(stranger.page, d.fixtures.carol);
  await expect(stranger.page).toHaveURL(`${d.opikUrl}/`);
  expect((await apiResult(stranger.page)).answer).toMatchObject({ user: d.fixtures.carol.email, workspaceName: "team-c" });
  await stranger.context.close();

  // Alice, signed in to Opik: refused, and still herself in her own workspace.
  const alice = await newBrowser(browser);
  await signInThroughOpik(alice.page, d, d.fixtures.alice);
  await alice.page.goto(second);
  await expect(alice.page.getByRole("heading", { name: "Sign-in failed" })).toBeVisible();
  await expect(alice.page.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/_access/sign-in?rd=%2F");
  await alice.page.goto(opikPage());
  expect((await apiResult(alice.page)).answer).toMatchObject({ user: d.fixtures.alice.email, workspaceName: "team-a" });
  await alice.context.close();

  // The links were used up by those refusals: not even Bob's browser gets in with them now.
  await bob.page.goto(first);
  await expect(bob.page.getByRole("alert")).toContainText("already been used");
  await bob.context.close();
});

test("the same flow in the browser that asked for the link signs it in", async ({ browser }) => {
  const bob = await signedInOnService(browser);
  const link = await callbackLinkOf(bob.context);
  await bob.page.goto(link);
  await expect(bob.page).toHaveURL(opikPage());
  expect((await apiResult(bob.page)).answer).toMatchObject({ user: d.fixtures.bob.email, workspaceName: "team-b" });
  // The sign-in's state cookie is gone; the credential's is host-only and HttpOnly.
  const cookies = await bob.context.cookies(d.opikUrl);
  expect(cookies.map((c) => c.name)).toEqual(["sa_access"]);
  expect(cookies[0]).toMatchObject({ domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax" });
  await bob.context.close();
});
