import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "./support/admin";
import { PeoplePage } from "./support/pages";
import { NO_SESSION, signInFresh } from "./support/sessions";

const suffix = () => Math.random().toString(36).slice(2, 8);

/** Tries /login in a browser of its own; true when it reached the dashboard. */
async function canSignIn(page: Page, who: { email: string; password: string }): Promise<boolean> {
  const context = await page.context().browser()!.newContext({ storageState: NO_SESSION });
  const fresh = await context.newPage();
  await fresh.goto("/login");
  await fresh.getByLabel("Email").fill(who.email);
  await fresh.getByLabel("Password").fill(who.password);
  await fresh.getByRole("button", { name: "Sign in" }).click();
  const outcome = await Promise.race([
    fresh.waitForURL(/\/admin\/service-accounts$/).then(() => true),
    fresh.getByText("Wrong email or password.").waitFor().then(() => false),
  ]);
  await context.close();
  return outcome;
}

test("a person changes their own password from the user menu: the old one is refused, the new one works", async ({ page, browser }) => {
  const admins = new PeoplePage(page);
  const pia = { email: `pia-${suffix()}@example.test`, name: "Pia Viewer", role: "viewer" as const, password: "pia's first password" };
  await admins.goto();
  await admins.addPerson(pia);

  // Pia, a viewer, signed in twice: the change ends her other session and keeps this one.
  const here = await signInFresh(browser, pia);
  const there = await signInFresh(browser, pia);
  await here.page.getByRole("button", { name: "Change password" }).click();
  const dialog = here.page.getByRole("dialog", { name: "Change password" });
  await dialog.getByLabel("Current password").fill("not her password");
  await dialog.getByLabel("New password").fill("pia's second password");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("This is not your current password")).toBeVisible();

  await dialog.getByLabel("Current password").fill(pia.password);
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog).toBeHidden(); // behind an open dialog the page is aria-hidden
  await expect(here.page.getByText("Password changed")).toBeVisible();
  await here.page.reload();
  await expect(here.page.getByTestId("signed-in-user")).toContainText(pia.email);
  await there.page.reload();
  await expect(there.page).toHaveURL(/\/login$/);

  await here.page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(here.page).toHaveURL(/\/login$/);
  expect(await canSignIn(page, pia)).toBe(false);
  expect(await canSignIn(page, { ...pia, password: "pia's second password" })).toBe(true);
  await Promise.all([here.context.close(), there.context.close()]);
});

test("an admin resets another person's password: that person's open browser is signed out; viewers cannot reset", async ({ page, browser }) => {
  const admins = new PeoplePage(page);
  const rita = { email: `rita-${suffix()}@example.test`, name: "Rita Viewer", role: "viewer" as const, password: "rita's first password" };
  await admins.goto();
  await admins.addPerson(rita);

  const rita1 = await signInFresh(browser, rita);
  await rita1.page.goto("/admin/people");
  const ritaView = new PeoplePage(rita1.page);
  await expect(await ritaView.menuItem(ADMIN.email, "Reset password")).toHaveAttribute("aria-disabled", "true");
  await rita1.page.keyboard.press("Escape");

  await (await admins.menuItem(rita.email, "Reset password")).click();
  const dialog = page.getByRole("dialog", { name: `Reset password of ${rita.email}` });
  await expect(dialog).toContainText(`${rita.name} signs in with the new password`);
  await dialog.getByLabel("New password").fill("rita's reset password");
  await dialog.getByRole("button", { name: "Reset password" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`${rita.email} has a new password`)).toBeVisible();

  await rita1.page.reload();
  await expect(rita1.page).toHaveURL(/\/login$/);
  expect(await canSignIn(page, rita)).toBe(false);
  expect(await canSignIn(page, { ...rita, password: "rita's reset password" })).toBe(true);

  // The admin is still signed in, and the audit log has the reset.
  await page.goto("/admin/audit-log?action=administrator.password_reset");
  await expect(page.getByRole("table", { name: "Audit events" }).getByRole("row").filter({ hasText: rita.email })).toHaveCount(1);
  await rita1.context.close();
});
