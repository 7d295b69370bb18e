// Opik's web UI behind the shipped proxy configurations, end to end with the real binaries: the
// browser on the Opik host (http://localhost:<proxy>), this service on another cookie host
// (http://127.0.0.1:<port>, its production build with OPIK_UI_URL and AUTH_URL set), a stand-in
// Opik whose backend authenticates as Opik's AuthFilter does (tests/support/opik-standin.ts). Each
// proxy gets a deployment of its own (tests/support/opik-deployment.ts).
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { startDeployment, type Deployment } from "../tests/support/opik-deployment";
import { missingBinaries, PROXY_KINDS } from "../tests/support/proxies";
import { adminOnPeoplePage, apiResult, backendCalls, callApiFromPage, expectOnSignIn, fillSignIn, newBrowser, removePerson, resetPassword, signInThroughOpik } from "./support/opik";
import { NO_SESSION } from "./support/sessions";

test.use({ storageState: NO_SESSION });

for (const kind of PROXY_KINDS) {
  test.describe(`Opik's web UI behind ${kind}`, () => {
    test.describe.configure({ mode: "serial" });
    const missing = missingBinaries(kind);
    test.skip(missing !== null, `${kind}: ${missing}`);

    let d: Deployment;
    /** Alice's browser, signed in on the Opik host by the first test and used until she signs out. */
    let alice: { context: BrowserContext; page: Page };

    test.beforeAll(async () => {
      test.setTimeout(180_000);
      d = await startDeployment(kind);
    });
    test.afterAll(async () => {
      await alice?.context.close();
      await d?.stop();
    });

    test("opening Opik leads to Sign in, then back to the page asked for, in the person's default workspace", async ({ browser }) => {
      alice = await newBrowser(browser);
      const calls = backendCalls(d);
      await signInThroughOpik(alice.page, d, d.fixtures.alice, "/default/projects?tab=traces");
      const { status, answer } = await apiResult(alice.page);
      expect(status).toBe(200);
      expect(answer).toStrictEqual({ user: d.fixtures.alice.email, workspaceName: "team-a", workspaceId: d.fixtures.ws.teamA.id, path: "/v1/private/projects" });

      const [call] = calls.since().filter((r) => r.path === "/v1/private/projects");
      expect(call!.headers.authorization).toMatch(/^sapc_/);
      expect(call!.headers.cookie).toBeUndefined();
      expect(call!.headers["comet-workspace"]).toBe("default");

      // The credential lives in a host-only cookie of the Opik host, none on the service's host.
      const opikCookies = await alice.context.cookies(d.opikUrl);
      const access = opikCookies.find((c) => c.name === "sa_access");
      expect(access).toMatchObject({ domain: "localhost", path: "/", httpOnly: true, sameSite: "Lax", value: call!.headers.authorization });
      expect(await alice.context.cookies(d.serviceUrl)).not.toContainEqual(expect.objectContaining({ name: "sa_access" }));
    });

    test("a sessionToken cookie of the browser never reaches the backend; the SDK links get the placeholder only", async () => {
      const { page, context } = alice;
      await context.addCookies([{ name: "sessionToken", value: "set-by-some-other-app", domain: "localhost", path: "/" }]);
      const calls = backendCalls(d);
      await page.goto(`${d.opikUrl}/default/projects`);
      expect((await apiResult(page)).status).toBe(200);

      await page.goto(`${d.opikUrl}/api/v1/session/redirect/projects/?trace_id=0190babc-0000-7000-8000-000000000001&path=aHR0cA`);
      await expect(page).toHaveURL(`${d.opikUrl}/default/projects?from=session-redirect`);
      expect((await apiResult(page)).status).toBe(200);

      const seen = calls.since();
      expect(seen.map((r) => r.path)).toEqual(expect.arrayContaining(["/v1/private/projects", "/v1/session/redirect/projects/"]));
      for (const call of seen) {
        if (call.path.startsWith("/v1/session/")) expect(call.headers.cookie).toBe("sessionToken=placeholder-set-by-the-proxy");
        else expect(call.headers.cookie).toBeUndefined();
      }
    });

    test("an SDK's service-account key goes through the proxy to the backend unchanged", async () => {
      const calls = backendCalls(d);
      const { key, name } = d.fixtures.serviceAccount;
      const response = await fetch(`${d.opikUrl}/api/v1/private/projects`, { headers: { Authorization: key, "Comet-Workspace": "team-a" } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ user: name, workspaceName: "team-a", workspaceId: d.fixtures.ws.teamA.id });
      const [call] = calls.since();
      expect(call!.headers.authorization).toBe(key);
      expect(call!.headers["comet-workspace"]).toBe("team-a");
    });

    for (const change of ["removed", "password reset"] as const) {
      test(`a person ${change} by an administrator is refused on the next request`, async ({ browser }) => {
        const who = change === "removed" ? d.fixtures.bob : d.fixtures.carol;
        const person = await newBrowser(browser);
        await signInThroughOpik(person.page, d, who);
        expect((await apiResult(person.page)).status).toBe(200);

        const admin = await adminOnPeoplePage(browser, d);
        if (change === "removed") await removePerson(admin, who.email);
        else await resetPassword(admin, who.email, "a brand new password 2026");
        await admin.context().close();

        expect(await callApiFromPage(person.page)).toBe(401);
        await person.page.goto(`${d.opikUrl}/default/projects`);
        await expectOnSignIn(person.page, d);
        await person.context.close();
      });
    }

    test("a member cannot open the dashboard", async ({ browser }) => {
      const { page, context } = await newBrowser(browser);
      await page.goto(`${d.serviceUrl}/login`);
      await fillSignIn(page, d.fixtures.alice);
      await expect(page).not.toHaveURL(/\/login/);
      await page.goto(`${d.serviceUrl}/admin/service-accounts`);
      await expect(page).not.toHaveURL(/\/admin\/service-accounts/);
      await expect(page.getByRole("heading", { name: "Service Accounts" })).toHaveCount(0);
      await context.close();
    });

    test("Switch on /_access/workspace moves the next API call to the other workspace", async () => {
      const { page } = alice;
      const before = (await alice.context.cookies(d.opikUrl)).find((c) => c.name === "sa_access")!.value;
      await page.goto(`${d.opikUrl}/_access/workspace`);
      await expect(page.getByText(d.fixtures.alice.email)).toBeVisible();
      await expect(page.getByTestId("current-workspace")).toHaveText("team-a");
      await page.getByRole("button", { name: "Switch to team-b" }).click();
      await expect(page.getByRole("status")).toHaveText("Now in workspace team-b");
      await expect(page.getByTestId("current-workspace")).toHaveText("team-b");

      await page.goto(`${d.opikUrl}/default/projects`);
      const { answer } = await apiResult(page);
      expect(answer).toMatchObject({ user: d.fixtures.alice.email, workspaceName: "team-b", workspaceId: d.fixtures.ws.teamB.id });
      // A new credential (Opik caches answers per credential); the old one is refused.
      const after = (await alice.context.cookies(d.opikUrl)).find((c) => c.name === "sa_access")!.value;
      expect(after).not.toBe(before);
      const old = await fetch(`${d.opikUrl}/api/v1/private/projects`, { headers: { Cookie: `sa_access=${before}`, "Comet-Workspace": "default" } });
      expect(old.status).toBe(401);
    });

    test("after Sign out the next API call is refused and the next page load goes to sign-in", async () => {
      const { page, context } = alice;
      const credential = (await context.cookies(d.opikUrl)).find((c) => c.name === "sa_access")!.value;
      // Opik stays open in another tab while the person signs out in this one.
      const opikTab = await context.newPage();
      await opikTab.goto(`${d.opikUrl}/default/projects`);
      expect((await apiResult(opikTab)).status).toBe(200);
      await page.goto(`${d.opikUrl}/_access/workspace`);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByRole("heading", { name: "Signed out" })).toBeVisible();

      expect(await callApiFromPage(opikTab)).toBe(401);
      // The credential itself is dead, in the cookie and as an Authorization header alike.
      const byCookie = await fetch(`${d.opikUrl}/api/v1/private/projects`, { headers: { Cookie: `sa_access=${credential}`, "Comet-Workspace": "default" } });
      expect(byCookie.status).toBe(401);
      const byHeader = await fetch(`${d.opikUrl}/api/v1/private/projects`, { headers: { Authorization: credential, "Comet-Workspace": "default" } });
      expect(byHeader.status).toBe(401);

      await page.goto(`${d.opikUrl}/default/projects`);
      await expectOnSignIn(page, d);
    });
  });
}
