import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/admin";
import { ServiceAccountsPage } from "./support/pages";

const suffix = () => Math.random().toString(36).slice(2, 8);

test("an admin adds a viewer, who sees everything and can change nothing; roles change; the audit log shows it", async ({ page, browser }) => {
  const viewerEmail = `viewer-${suffix()}@example.test`;
  const password = "a long viewer password";
  await page.goto("/admin/administrators");
  await expect(page.getByRole("heading", { name: "Administrators" })).toBeVisible();
  // You cannot remove yourself or change your own role.
  const me = page.getByRole("row").filter({ hasText: ADMIN.email });
  await expect(me.getByRole("button", { name: `Remove administrator ${ADMIN.email}` })).toBeDisabled();
  await expect(me.getByLabel(`Role of ${ADMIN.email}`)).toBeDisabled();

  await page.getByRole("button", { name: "Add administrator" }).click();
  const dialog = page.getByRole("dialog", { name: "Add administrator" });
  await dialog.getByLabel("Email").fill(viewerEmail);
  await dialog.getByLabel("Name").fill("Vera Viewer");
  await dialog.getByLabel("Role").selectOption("viewer");
  await dialog.getByLabel("Initial password").fill(password);
  await dialog.getByRole("button", { name: "Add administrator" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row").filter({ hasText: viewerEmail });
  await expect(row.getByRole("cell").nth(2)).toHaveText("viewer");

  // The viewer signs in in a browser of their own.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await context.newPage();
  await viewer.goto("/login");
  await viewer.getByLabel("Email").fill(viewerEmail);
  await viewer.getByLabel("Password").fill(password);
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer.getByRole("heading", { name: "Service Accounts", exact: true })).toBeVisible();
  await expect(viewer.getByTestId("signed-in-user")).toContainText("viewer");
  await expect(viewer.getByRole("button", { name: "Create service account" }).first()).toBeDisabled();
  await viewer.getByRole("link", { name: "Workspaces" }).click();
  await expect(viewer.getByRole("button", { name: "Create workspace" })).toBeDisabled();
  await viewer.getByRole("link", { name: "Audit log" }).click();
  await expect(viewer.getByRole("table", { name: "Audit events" })).toBeVisible();

  // Promoted to admin: the open session ends at its next request; signed in again, they are an admin.
  await row.getByLabel(`Role of ${viewerEmail}`).selectOption("admin");
  await expect(page.getByText(`${viewerEmail} is now admin`)).toBeVisible();
  await viewer.reload();
  await expect(viewer).toHaveURL(/\/login$/);
  await viewer.getByLabel("Email").fill(viewerEmail);
  await viewer.getByLabel("Password").fill(password);
  await viewer.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer.getByTestId("signed-in-user")).toContainText("admin");
  await expect(viewer.getByRole("button", { name: "Create service account" }).first()).toBeEnabled();

  // Removed: the open session ends at its next request.
  await row.getByRole("button", { name: `Remove administrator ${viewerEmail}` }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(confirm).toBeHidden(); // behind an open confirmation every row is aria-hidden
  await expect(page.getByRole("row").filter({ hasText: viewerEmail })).toHaveCount(0);
  await viewer.reload();
  await expect(viewer).toHaveURL(/\/login$/);
  await context.close();

  // The audit log keeps the events of the removed administrator, and filters by action.
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action").selectOption("administrator.change_role");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=administrator.change_role/);
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: viewerEmail })).toHaveCount(1);
  await expect(events).not.toContainText("administrator.create");
  await page.getByLabel("Target").fill(viewerEmail);
  await page.getByLabel("Action").selectOption("");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(events.getByRole("row").filter({ hasText: "administrator.remove" })).toHaveCount(1);
  await expect(events.getByRole("row").filter({ hasText: "administrator.create" })).toHaveCount(1);
});

test("events of a deleted service account stay in the audit log", async ({ page }) => {
  const accounts = new ServiceAccountsPage(page);
  const name = `short-lived-${suffix()}`;
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name });
  await accounts.deleteServiceAccount(name);
  await page.goto(`/admin/audit-log?target=${name}`);
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: "service_account.delete" })).toContainText(ADMIN.email);
  await expect(events.getByRole("row").filter({ hasText: "service_account.create" })).toHaveCount(1);
  await expect(events.getByRole("row").filter({ hasText: "service_account.delete" })).toContainText("127.0.0.1");
});
