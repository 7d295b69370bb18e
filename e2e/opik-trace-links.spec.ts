// Issue 26 items 5 and 6: the links the SDKs print ("view the trace at
// <opik>/<workspace>/projects/<id>/traces?trace=<id>") land on the trace, through the shipped nginx
// and Caddy configurations with the real binaries. The stand-in Opik page behaves like the stock
// UI's workspace preloader (tests/support/opik-standin.ts): any first segment other than `default`
// ends on bare `/default`, so without this service's help every such link loses the trace.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { startDeployment, type Deployment } from "../tests/support/opik-deployment";
import { missingBinaries, PROXY_KINDS } from "../tests/support/proxies";
import { apiResult, expectOnSignIn, fillSignIn, newBrowser } from "./support/opik";
import { NO_SESSION } from "./support/sessions";

test.use({ storageState: NO_SESSION });

const TRACE = "/projects/0190babc-0000-7000-8000-0000000000aa/traces?trace=0190babc-0000-7000-8000-0000000000bb";

for (const kind of PROXY_KINDS) {
  test.describe(`SDK trace links behind ${kind}`, () => {
    test.describe.configure({ mode: "serial" });
    const missing = missingBinaries(kind);
    test.skip(missing !== null, `${kind}: ${missing}`);

    let d: Deployment;
    /** Alice (default team-a, may use team-b; not team-c), signed in by the first test. */
    let alice: { context: BrowserContext; page: Page };

    test.beforeAll(async () => {
      test.setTimeout(180_000);
      d = await startDeployment(kind);
    });
    test.afterAll(async () => {
      await alice?.context.close();
      await d?.stop();
    });

    test("an anonymous visitor signs in to Opik and comes back to the trace, in the link's workspace", async ({ browser }) => {
      alice = await newBrowser(browser);
      await alice.page.goto(`${d.opikUrl}/team-b${TRACE}`);
      await expectOnSignIn(alice.page, d);
      // Item 6: the sign-in reached from the Opik host says what it is for.
      await expect(alice.page.getByRole("heading", { name: "Sign in to Opik" })).toBeVisible();
      await expect(alice.page.getByText("Service Accounts Admin", { exact: true })).toBeVisible();
      await expect(alice.page.getByText("Admin Dashboard")).toHaveCount(0);
      await expect(alice.page).toHaveTitle("Sign in to Opik · Service Accounts Admin");
      await fillSignIn(alice.page, d.fixtures.alice);
      await expect(alice.page).toHaveURL(`${d.opikUrl}/default${TRACE}`);
      const { answer } = await apiResult(alice.page);
      expect(answer).toMatchObject({ user: d.fixtures.alice.email, workspaceName: "team-b", workspaceId: d.fixtures.ws.teamB.id });
      // The page stays: the preloader leaves /default/… alone.
      await expect(alice.page).toHaveURL(`${d.opikUrl}/default${TRACE}`);
    });

    test("a signed-in person's link to another of their workspaces switches to it and opens the trace", async () => {
      const { page, context } = alice;
      const before = (await context.cookies(d.opikUrl)).find((c) => c.name === "sa_access")!.value;
      await page.goto(`${d.opikUrl}/team-a${TRACE}`);
      await expect(page).toHaveURL(`${d.opikUrl}/default${TRACE}`);
      const { answer } = await apiResult(page);
      expect(answer).toMatchObject({ user: d.fixtures.alice.email, workspaceName: "team-a", workspaceId: d.fixtures.ws.teamA.id });
      const after = (await context.cookies(d.opikUrl)).find((c) => c.name === "sa_access")!.value;
      expect(after).not.toBe(before);
      await page.goto(`${d.opikUrl}/_access/workspace`);
      await expect(page.getByTestId("current-workspace")).toHaveText("team-a");
    });

    test("a link to a workspace the person may not use shows which one was asked for and offers theirs", async () => {
      const { page } = alice;
      await page.goto(`${d.opikUrl}/team-c${TRACE}`);
      await expect(page.getByRole("heading", { name: "No access to this workspace" })).toBeVisible();
      await expect(page.getByTestId("refused-workspace")).toHaveText("team-c");
      await expect(page.getByRole("button", { name: "Switch to team-b" })).toBeVisible();
      // Nothing switched.
      await page.goto(`${d.opikUrl}/default/projects`);
      expect((await apiResult(page)).answer).toMatchObject({ workspaceName: "team-a" });
    });

    test("a first segment that is no workspace passes through to Opik's UI untouched", async () => {
      const { page } = alice;
      await page.goto(`${d.opikUrl}/no-such-workspace${TRACE}`);
      // The stand-in's preloader (as Opik's own) takes it to /default.
      await expect(page).toHaveURL(`${d.opikUrl}/default`);
      expect((await apiResult(page)).answer).toMatchObject({ workspaceName: "team-a" });
    });
  });
}
