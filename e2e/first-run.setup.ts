import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE } from "./support/admin";

test("first-run setup creates the first administrator and closes for good", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the first administrator" })).toBeVisible();

  // Inline errors for every bad field at once.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();
  await expect(page.getByText("Enter a name")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Name").fill(ADMIN.name);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/admin\/service-accounts$/);
  await expect(page.getByRole("heading", { name: "Service Accounts Admin" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Service Accounts" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Workspaces" })).toBeVisible();
  await expect(page.getByTestId("signed-in-user")).toContainText(ADMIN.email);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  // Empty state explains what a service account is and offers the create button.
  await expect(page.getByText("A service account is a non-human identity")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create service account" })).toBeVisible();

  await page.context().storageState({ path: ADMIN_STATE });

  // Setup is closed now, also for a visitor without a session.
  const anonymous = await page.context().browser()!.newContext();
  const visitor = await anonymous.newPage();
  await visitor.goto("/setup");
  await expect(visitor).toHaveURL(/\/login$/);
  await anonymous.close();
});
