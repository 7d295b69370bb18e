import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/admin";
import { PeoplePage, WorkspacesPage } from "./support/pages";
import { browserWithCookiesOf, signInFresh } from "./support/sessions";

const suffix = () => Math.random().toString(36).slice(2, 8);
const SIGNED_OUT = "Your session has ended. Sign in again to continue.";

test("after Sign out, a copy of the session cookie opens no page and runs no action", async ({ page, browser }) => {
  const signedIn = await signInFresh(browser, ADMIN);
  // Someone holds a copy of the cookie, with a form open in the dashboard.
  const thief = await browserWithCookiesOf(browser, signedIn.context);
  const stolen = await thief.newPage();
  await stolen.goto("/admin/workspaces");
  await expect(stolen.getByRole("heading", { name: "Workspaces" })).toBeVisible();
  const name = `after-sign-out-${suffix()}`;
  await stolen.getByRole("button", { name: "Create workspace" }).click();
  const dialog = stolen.getByRole("dialog", { name: "Create workspace" });
  await dialog.getByLabel("Name").fill(name);

  await signedIn.page.getByRole("button", { name: "Sign out" }).click();
  await expect(signedIn.page).toHaveURL(/\/login$/);

  // The open page's server action is refused...
  const posted = stolen.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(stolen.getByText(SIGNED_OUT)).toBeVisible();
  const action = await posted;
  // ...and so is the same request from a new browser with the old cookie, whose pages go to /login.
  const later = await browserWithCookiesOf(browser, signedIn.context);
  const replay = await later.request.post(action.url(), {
    headers: {
      "next-action": action.headers()["next-action"]!,
      "content-type": action.headers()["content-type"]!,
      accept: "text/x-component",
      origin: new URL(action.url()).origin, // as the browser sent it
    },
    data: action.postDataBuffer()!,
  });
  expect(await replay.text()).toContain(SIGNED_OUT);
  const visitor = await later.newPage();
  await visitor.goto("/admin/service-accounts");
  await expect(visitor).toHaveURL(/\/login$/);
  await stolen.reload();
  await expect(stolen).toHaveURL(/\/login$/);

  // Nothing was created; the shared session (another sign-in of the same person) still works.
  const workspaces = new WorkspacesPage(page);
  await page.goto("/admin/service-accounts");
  await workspaces.goto();
  await expect(workspaces.rowFor(name)).toHaveCount(0);
  await Promise.all([signedIn.context.close(), thief.close(), later.close()]);
});

test("Sign out everywhere ends every session of that person, and only theirs; viewers cannot use it", async ({ page, browser }) => {
  const admins = new PeoplePage(page);
  const vera = { email: `vera-${suffix()}@example.test`, name: "Vera Viewer", role: "viewer" as const, password: "a long viewer password" };
  const otto = { email: `otto-${suffix()}@example.test`, name: "Otto Admin", role: "admin" as const, password: "a long admin password" };
  await admins.goto();
  await admins.addPerson(vera);
  await admins.addPerson(otto);

  // A viewer sees the row action, disabled.
  const viewer = await signInFresh(browser, vera);
  await viewer.page.goto("/admin/people");
  await expect(await new PeoplePage(viewer.page).menuItem(otto.email, "Sign out everywhere")).toHaveAttribute("aria-disabled", "true");
  await viewer.page.keyboard.press("Escape");

  // Otto in two browsers; the root admin signs Vera out everywhere.
  const [ottoHere, ottoThere] = [await signInFresh(browser, otto), await signInFresh(browser, otto)];
  const confirm = await admins.signOutEverywhere(vera.email, `Every session of ${vera.name} ends`);
  await expect(confirm).toBeHidden(); // behind an open confirmation the page is aria-hidden
  await expect(page.getByText(`${vera.email} is signed out everywhere (1 session ended)`)).toBeVisible();
  await viewer.page.reload();
  await expect(viewer.page).toHaveURL(/\/login$/);
  await ottoThere.page.reload();
  await expect(ottoThere.page.getByTestId("signed-in-user")).toContainText(otto.email);

  // Otto signs himself out everywhere: this browser goes to /login, and so does his other one.
  const ottoAdmins = new PeoplePage(ottoHere.page);
  await ottoAdmins.goto();
  await ottoAdmins.signOutEverywhere(otto.email, "this one included");
  await expect(ottoHere.page).toHaveURL(/\/login$/);
  await ottoThere.page.reload();
  await expect(ottoThere.page).toHaveURL(/\/login$/);

  // The root admin is still signed in, and the audit log has both.
  await page.goto("/admin/audit-log?action=administrator.sign_out_everywhere");
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: vera.email })).toContainText(ADMIN.email);
  await expect(events.getByRole("row").filter({ hasText: otto.email })).toHaveCount(1);
  await Promise.all([viewer.context.close(), ottoHere.context.close(), ottoThere.context.close()]);
});
