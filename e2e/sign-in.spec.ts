import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/admin";
import { NO_SESSION } from "./support/sessions";

// A sign-in of its own: signing out ends that session for good, and the other specs share theirs.
test.use({ storageState: NO_SESSION });

test("sign in, sign out, a wrong password is refused, and signing in again works", async ({ page }) => {
  await page.goto("/admin/service-accounts");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/service-accounts$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto("/admin/workspaces");
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(ADMIN.email);

  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/service-accounts$/);
  await expect(page.getByTestId("signed-in-user")).toContainText(ADMIN.email);
});
