import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { KeyLifecycleModal, suffix } from "./support/key-pages";
import { PeoplePage, ServiceAccountsPage } from "./support/pages";
import { signInFresh } from "./support/sessions";

// Issue 27 item 5, the wording: the product's name in the shell and on a member's page; what a
// viewer can do, and no "Add one" for them; the API reference is a link and carries the package's version.

test("the product's name heads the shell and a member's page", async ({ page, browser }) => {
  await page.goto("/admin/service-accounts");
  await expect(page.getByRole("heading", { name: "Service Accounts Admin", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle("Service Accounts · Service Accounts Admin");

  const mo = { email: `wording-member-${suffix()}@example.test`, name: "Wording Member", role: "member" as const, password: "a long member password" };
  const people = new PeoplePage(page);
  await people.goto();
  await people.addPerson(mo);
  const member = await signInFresh(browser, mo, /\/me$/);
  await expect(member.page.getByText("Service Accounts Admin", { exact: true })).toBeVisible();
  await expect(member.page).toHaveTitle("Your access · Service Accounts Admin");
  await member.context.close();
});

test("a viewer is told what they can do, and an empty key list does not ask them to add one", async ({ page, browser }) => {
  const name = `wording-empty-${suffix()}`;
  const accounts = new ServiceAccountsPage(page);
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name });
  const admins = new KeyLifecycleModal(page);
  await admins.open(name);
  await expect(admins.dialog(name)).toContainText("No API keys yet. Add one to let a system authenticate as this account.");

  const vi = { email: `wording-viewer-${suffix()}@example.test`, name: "Wording Viewer", role: "viewer" as const, password: "a long viewer password" };
  await new PeoplePage(page).goto();
  await new PeoplePage(page).addPerson(vi);
  const viewer = await signInFresh(browser, vi);
  const notice = viewer.page.getByRole("note", { name: "Read-only access" });
  await expect(notice).toContainText("you can look at everything here");
  await expect(notice).toContainText("export the audit log as CSV");
  await expect(notice).toContainText("ask an admin");
  await new ServiceAccountsPage(viewer.page).rowFor(name).waitFor();
  const modal = new KeyLifecycleModal(viewer.page);
  await modal.open(name);
  await expect(modal.dialog(name)).toContainText("No API keys yet.");
  await expect(modal.dialog(name)).not.toContainText("Add one");
  await viewer.context.close();
});

test("Settings links to the API reference, which is versioned as the package", async ({ page, request }) => {
  await page.goto("/admin/settings");
  const link = page.getByRole("region", { name: "Management tokens" }).getByRole("link", { name: "/api/v1/docs" });
  await expect(link).toHaveAttribute("href", "/api/v1/docs");
  const document = await (await request.get("/api/v1/openapi.json")).json();
  const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  expect(document.info.version).toBe(packageJson.version);
  await link.click();
  await expect(page).toHaveURL(/\/api\/v1\/docs$/);
});
