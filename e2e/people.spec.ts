import { expect, test } from "@playwright/test";
import { OPIK_UI_URL } from "../playwright.config";
import { ADMIN } from "./support/admin";
import { PeoplePage, rowMenuItem, ServiceAccountsPage, WorkspacesPage } from "./support/pages";
import { signInFresh } from "./support/sessions";

const suffix = () => Math.random().toString(36).slice(2, 8);

test("an admin adds a member with workspaces, who sees only their own page; edits them (Save updates the table) and removes them", async ({ page, browser }) => {
  const people = new PeoplePage(page);
  const workspaces = new WorkspacesPage(page);
  const [wsA, wsB] = [`team-a-${suffix()}`, `team-b-${suffix()}`];
  const mia = { email: `mia-${suffix()}@example.test`, name: "Mia Member", role: "member" as const, password: "a long member password" };
  await page.goto("/admin/workspaces");
  await workspaces.createWorkspace(wsA);
  await workspaces.createWorkspace(wsB);

  // The sidebar section is People; you cannot remove yourself or change your own role.
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "People" }).click();
  await expect(page).toHaveURL(/\/admin\/people$/);
  await expect(page.getByRole("heading", { name: "People", exact: true })).toBeVisible();
  const removeSelf = await people.menuItem(ADMIN.email, "Remove person");
  await expect(removeSelf).toHaveAttribute("aria-disabled", "true");
  await expect(removeSelf).toContainText("You cannot remove yourself");
  await page.keyboard.press("Escape");
  const own = await people.openEdit(ADMIN.email);
  await expect(own.getByLabel("Role")).toBeDisabled();
  await expect(own).toContainText("You cannot change your own role");
  await own.getByRole("button", { name: "Close" }).click();
  await expect(own).toBeHidden();

  await people.addPerson({ ...mia, defaultWorkspace: wsB, authorized: [wsA, wsB] });
  const row = people.rowFor(mia.email);
  await expect(row.getByRole("cell").nth(0)).toHaveText(mia.name);
  await expect(row.getByRole("cell").nth(2)).toHaveText("member");
  await expect(row.getByRole("cell").nth(3)).toHaveText(wsB);
  await expect(row.getByRole("cell").nth(4)).toContainText(wsA);
  await expect(row.getByRole("cell").nth(4)).toContainText(wsB);
  await expect(row.getByRole("cell").nth(5)).toHaveText("Password");
  await expect(row.getByRole("cell").nth(6)).toHaveText("Never");

  // The same email again: said on the field, and what was typed stays.
  const again = await people.submitAddPerson({ ...mia, name: "Mia Again" });
  await expect(again.getByText(`A person with the email ${mia.email} already exists`)).toBeVisible();
  await expect(again.getByLabel("Name")).toHaveValue("Mia Again");
  await again.getByRole("button", { name: "Close" }).click();
  await expect(again).toBeHidden();

  // Mia signs in: her own page, not the dashboard.
  const member = await signInFresh(browser, mia, /\/me$/);
  await expect(member.page.getByRole("heading", { name: "Your access" })).toBeVisible();
  await expect(member.page.getByRole("navigation", { name: "Sections" })).toHaveCount(0);
  await expect(member.page.getByRole("link", { name: "Open Opik" })).toHaveAttribute("href", OPIK_UI_URL);
  const list = member.page.getByRole("list", { name: "Your workspaces" });
  await expect(list.getByRole("listitem")).toHaveText([wsA, `${wsB}default`]);
  await expect(member.page.getByRole("button", { name: "Change password" })).toBeVisible();
  await member.page.goto("/admin/service-accounts");
  await expect(member.page).toHaveURL(/\/me$/);

  // The Workspaces page counts her, and will not delete a workspace she uses.
  await workspaces.goto();
  await expect(workspaces.rowFor(wsB).getByRole("cell").nth(2)).toHaveText("0 service accounts, 1 person");
  await (await rowMenuItem(workspaces.rowFor(wsB), wsB, `Delete workspace ${wsB}`)).click();
  // Refused before any destructive button (issue 27 item 6): the dialog names her and offers nothing to confirm.
  const refusal = page.getByRole("alertdialog", { name: `Workspace ${wsB} is in use` });
  await expect(refusal.getByRole("definition")).toHaveText(mia.email);
  await expect(refusal.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await refusal.getByRole("button", { name: "Close" }).click();
  await expect(refusal).toBeHidden();

  // Edit person: a new name and one workspace fewer; Save updates the table, and her page.
  await people.goto();
  await expect(row.getByRole("cell").nth(6)).not.toHaveText("Never");
  await people.editPerson(mia.email, { name: "Mia Renamed", uncheck: [wsA] });
  await expect(page.getByText(`${mia.email} saved`)).toBeVisible();
  await expect(row.getByRole("cell").nth(0)).toHaveText("Mia Renamed");
  await expect(row.getByRole("cell").nth(4)).toHaveText(wsB);
  await member.page.reload();
  await expect(list.getByRole("listitem")).toHaveText([`${wsB}default`]);

  // A new role ends her session at its next request.
  await people.editPerson(mia.email, { role: "viewer" });
  await expect(row.getByRole("cell").nth(2)).toHaveText("viewer");
  await member.page.reload();
  await expect(member.page).toHaveURL(/\/login$/);

  await people.removePerson(mia.email);
  await member.context.close();

  // The audit log has each change, workspaces by name.
  await page.goto(`/admin/audit-log?target=${encodeURIComponent(mia.email)}`);
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").filter({ hasText: "administrator.update" })).toHaveCount(2);
  await expect(events.getByRole("row").filter({ hasText: "administrator.create" })).toHaveCount(1);
  await expect(events.getByRole("row").filter({ hasText: "administrator.remove" })).toHaveCount(1);
  await page.getByLabel("Action").selectOption("administrator.update");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=administrator.update/);
  await expect(events.getByRole("row").filter({ hasText: mia.email })).toHaveCount(2);
});

test("a viewer sees everything and can change nothing; promoted to admin, their session ends and the next one can", async ({ page, browser }) => {
  const people = new PeoplePage(page);
  const vera = { email: `viewer-${suffix()}@example.test`, name: "Vera Viewer", role: "viewer" as const, password: "a long viewer password" };
  await people.goto();
  await people.addPerson(vera);

  const viewer = await signInFresh(browser, vera);
  await expect(viewer.page.getByTestId("signed-in-user")).toContainText("viewer");
  await expect(viewer.page.getByRole("button", { name: "Create service account" }).first()).toBeDisabled();
  await viewer.page.getByRole("link", { name: "Workspaces" }).click();
  await expect(viewer.page.getByRole("button", { name: "Create workspace" })).toBeDisabled();
  await viewer.page.getByRole("link", { name: "People" }).click();
  await expect(viewer.page.getByRole("button", { name: "Add person" })).toBeDisabled();
  await expect(await new PeoplePage(viewer.page).menuItem(ADMIN.email, "Edit person")).toHaveAttribute("aria-disabled", "true");
  await viewer.page.keyboard.press("Escape");
  // /me is open to a viewer too, with the way back.
  await viewer.page.goto("/me");
  await expect(viewer.page.getByRole("heading", { name: "Your access" })).toBeVisible();
  await expect(viewer.page.getByText("All workspaces: you may use every workspace.")).toBeVisible();
  await viewer.page.getByRole("link", { name: "Back to the dashboard" }).click();
  await expect(viewer.page).toHaveURL(/\/admin\/service-accounts$/);

  await people.editPerson(vera.email, { role: "admin" });
  await expect(page.getByText(`${vera.email} saved; they sign in again as admin`)).toBeVisible();
  await viewer.page.reload();
  await expect(viewer.page).toHaveURL(/\/login$/);
  await viewer.page.getByLabel("Email").fill(vera.email);
  await viewer.page.getByLabel("Password").fill(vera.password);
  await viewer.page.getByRole("button", { name: "Sign in" }).click();
  await expect(viewer.page.getByTestId("signed-in-user")).toContainText("admin");
  await expect(viewer.page.getByRole("button", { name: "Create service account" }).first()).toBeEnabled();
  await viewer.context.close();
  await people.removePerson(vera.email);
});

test("the old Administrators address leads to People", async ({ page }) => {
  await page.goto("/admin/administrators");
  await expect(page).toHaveURL(/\/admin\/people$/);
  await expect(page.getByRole("heading", { name: "People", exact: true })).toBeVisible();
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
