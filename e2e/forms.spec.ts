import { expect, test } from "@playwright/test";
import { PeoplePage, ServiceAccountsPage } from "./support/pages";

// Issue 14 items 6, 8 and 9: one message per problem that goes once the field is corrected,
// placeholders that read as examples, a long description reachable whole, one product name, a favicon.
const suffix = () => Math.random().toString(36).slice(2, 8);

test("Add person with an empty password shows one message for it, and each error goes once its field is corrected", async ({ page }) => {
  const people = new PeoplePage(page);
  await people.goto();
  await page.getByRole("button", { name: "Add person" }).click();
  const dialog = page.getByRole("dialog", { name: "Add person" });
  await dialog.getByRole("button", { name: "Add person" }).click();
  const password = dialog.getByLabel("Password");
  await expect(password).toHaveAttribute("aria-invalid", "true");
  const messages = page.locator(`#${await password.getAttribute("aria-describedby").then((ids) => ids!.split(" ").at(-1))} li`);
  await expect(messages).toHaveText(["Enter a password"]);
  await expect(dialog.getByText("Enter an email address")).toBeVisible();

  await password.fill("x");
  await expect(password).not.toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText("Enter a password")).toHaveCount(0);
  // The other fields keep their errors until they are corrected too.
  await expect(dialog.getByText("Enter an email address")).toBeVisible();
  await dialog.getByRole("button", { name: "Add person" }).click();
  await expect(dialog.getByText("Use at least 12 characters")).toBeVisible();
});

test("placeholders read as examples, not as typed values", async ({ page }) => {
  const accounts = new ServiceAccountsPage(page);
  await page.goto("/admin/service-accounts");
  await accounts.openCreateDialog();
  await expect(accounts.createDialog.getByLabel("Name", { exact: true })).toHaveAttribute("placeholder", /^e\.g\. /);
  await page.keyboard.press("Escape");
  await page.goto("/admin/workspaces");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("dialog", { name: "Create workspace" }).getByLabel("Name")).toHaveAttribute("placeholder", /^e\.g\. /);
});

test("a long description is shown whole on request; a short one as it is", async ({ page }) => {
  const accounts = new ServiceAccountsPage(page);
  const long = `Nightly export of traces to the warehouse, owned by the data platform team; rotate its key every quarter (${suffix()})`;
  const name = `described-${suffix()}`;
  const short = `short-${suffix()}`;
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name, description: long });
  await accounts.createServiceAccount({ name: short, description: "CI for the docs site" });
  await expect(accounts.rowFor(short)).toContainText("CI for the docs site");

  const row = accounts.rowFor(name);
  await expect(row.getByText(long, { exact: true })).toBeHidden();
  await row.getByText("Full description").click();
  await expect(row.getByText(long, { exact: true })).toBeVisible();
});

test("one product name in the title and the heading; a favicon; times with their zone", async ({ page, request }) => {
  await page.goto("/admin/service-accounts");
  await expect(page).toHaveTitle("Service Accounts · Service Accounts Admin");
  await expect(page.getByRole("heading", { name: "Service Accounts Admin", level: 1 })).toBeVisible();
  const icon = await page.locator('link[rel="icon"]').getAttribute("href");
  expect(icon).toBe("/favicon.svg");
  const served = await request.get(icon!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toContain("image/svg+xml");
  const name = `timed-${suffix()}`;
  await new ServiceAccountsPage(page).createServiceAccount({ name });
  await expect(new ServiceAccountsPage(page).rowFor(name).locator("time")).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
});
