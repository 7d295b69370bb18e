import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/admin";
import { accountWithModal } from "./support/key-pages";
import { PeoplePage, ServiceAccountsPage, WorkspacesPage } from "./support/pages";
import { signInFresh } from "./support/sessions";

// Issue 14 item 5: the audit log as a person reads it: actions in words, the time to the second
// with its zone, the account a key belongs to, the stored details on expansion, sign-in and sign-out.
const suffix = () => Math.random().toString(36).slice(2, 8);
const TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/;

test("key events name their account; details open on expansion; times have seconds and the zone", async ({ page }) => {
  const { name, modal } = await accountWithModal(page, "audit");
  await modal.addKey(name, "nightly");
  await modal.dismissReveal(name);

  await page.goto(`/admin/audit-log?action=api_key.create&target=nightly`);
  const events = page.getByRole("table", { name: "Audit events" });
  const row = events.getByRole("row").filter({ hasText: "API key added" }).first();
  await expect(row).toContainText(`nightly of service account ${name}`);
  await expect(row.locator("time")).toHaveText(TIME);
  await row.getByText("Details").click();
  await expect(row.getByRole("definition").first()).toBeVisible();
  await expect(row).toContainText("Service account name");
  await expect(row).toContainText("Scope");

  // A workspace used by an account: its create event stores the workspaces by name.
  const ws = `audit-ws-${suffix()}`;
  const account = `audit-account-${suffix()}`;
  await page.goto("/admin/workspaces");
  await new WorkspacesPage(page).createWorkspace(ws);
  const accounts = new ServiceAccountsPage(page);
  await accounts.goto();
  await accounts.createServiceAccount({ name: account, defaultWorkspace: ws, authorized: [ws] });
  await accounts.deleteServiceAccount(account);
  await page.goto(`/admin/audit-log?target=${account}`);
  const created = events.getByRole("row").filter({ hasText: "Service account created" });
  await created.getByText("Details").click();
  await expect(created).toContainText(ws);
  const deleted = events.getByRole("row").filter({ hasText: "Service account deleted" });
  await deleted.getByText("Details").click();
  await expect(deleted.getByRole("term").filter({ hasText: "Revoked API keys" })).toBeVisible();
});

test("signing in and signing out are audit events of that person, with the address", async ({ page, browser }) => {
  const ana = { email: `audit-person-${suffix()}@example.test`, name: "Audit Person", role: "viewer" as const, password: "a long viewer password" };
  await new PeoplePage(page).goto();
  await new PeoplePage(page).addPerson(ana);
  const them = await signInFresh(browser, ana);
  await them.page.getByRole("button", { name: "Sign out" }).click();
  await expect(them.page).toHaveURL(/\/login/);
  await them.context.close();

  await page.goto(`/admin/audit-log?actor=${ana.email}`);
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: "Signed in" }).first()).toContainText("127.0.0.1");
  await expect(events.getByRole("row").filter({ hasText: "Signed out" }).first()).toContainText(ana.email);
  await page.getByLabel("Action").selectOption({ label: "Signed in" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=auth\.sign_in/);
  await expect(events.getByRole("row").filter({ hasText: "Signed out" })).toHaveCount(0);
  await page.goto(`/admin/audit-log?action=auth.sign_in&actor=${ADMIN.email}`);
  await expect(events.getByRole("row").filter({ hasText: "Signed in" }).first()).toBeVisible();
});
