import { expect, test } from "@playwright/test";
import { rowMenuItem, ServiceAccountsPage, WorkspacesPage } from "./support/pages";

const suffix = () => Math.random().toString(36).slice(2, 8);

test("the seed's flow: workspaces, create ci-pipeline-prod, find it, delete it", async ({ page }) => {
  await page.goto("/admin/service-accounts");
  const workspaces = new WorkspacesPage(page);
  const accounts = new ServiceAccountsPage(page);
  const wsA = `team-a-${suffix()}`;
  const wsB = `team-b-${suffix()}`;
  const other = `monitoring-service-${suffix()}`;

  await workspaces.goto();
  await workspaces.createWorkspace(wsA);
  await workspaces.createWorkspace(wsB);

  await accounts.goto();
  await accounts.createServiceAccount({ name: other });
  await accounts.createServiceAccount({ name: "ci-pipeline-prod", defaultWorkspace: wsA, authorized: [wsA] });
  await expect(page.getByText('Service account "ci-pipeline-prod" created')).toBeVisible();

  const row = accounts.rowFor("ci-pipeline-prod");
  await expect(row).toHaveCount(1);
  const cells = row.getByRole("cell");
  await expect(cells.nth(1)).toHaveText(wsA); // Default workspace
  await expect(cells.nth(2)).toHaveText(wsA); // Authorized workspaces
  await expect(cells.nth(3)).toHaveText("0"); // API keys
  await expect(cells.nth(4)).toHaveText("Never"); // Last used
  await expect(accounts.rowFor(other).getByRole("cell").nth(2)).toHaveText("All workspaces");

  await accounts.search("PIPELINE-prod");
  await expect(accounts.rowFor("ci-pipeline-prod")).toBeVisible();
  await expect(accounts.rowFor(other)).toHaveCount(0);
  // The search lives in the URL: a reload keeps it.
  await page.reload();
  await expect(page.getByLabel("Search service accounts")).toHaveValue("PIPELINE-prod");
  await expect(accounts.rowFor(other)).toHaveCount(0);

  await accounts.deleteServiceAccount("ci-pipeline-prod");
  await expect(page.getByText('Service account "ci-pipeline-prod" deleted')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No service account matches "PIPELINE-prod"')).toBeVisible();
  await page.goto("/admin/service-accounts");
  await expect(accounts.rowFor(other)).toBeVisible();
  await expect(accounts.rowFor("ci-pipeline-prod")).toHaveCount(0);
});

test("the create dialog shows every error inline and keeps what was typed", async ({ page }) => {
  const workspaces = new WorkspacesPage(page);
  const accounts = new ServiceAccountsPage(page);
  const wsA = `alpha-${suffix()}`;
  const wsB = `beta-${suffix()}`;
  await page.goto("/admin/workspaces");
  await workspaces.createWorkspace(wsA);
  await workspaces.createWorkspace(wsB);

  const taken = `Deploy-Bot-${suffix()}`;
  await accounts.goto();
  await accounts.createServiceAccount({ name: taken });

  await accounts.openCreateDialog();
  const dialog = accounts.createDialog;
  await dialog.getByLabel("Name", { exact: true }).fill("bad name <script>");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByText('Use only letters, digits, ".", "_" and "-"')).toBeVisible();
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue("bad name <script>");
  await expect(dialog.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");

  // A duplicate in another letter case is refused, and the chosen workspaces stay chosen.
  await dialog.getByLabel("Name", { exact: true }).fill(taken.toLowerCase());
  // Corrected, the field's error goes at once, not at the next submit.
  await expect(dialog.getByText('Use only letters, digits, ".", "_" and "-"')).toHaveCount(0);
  await expect(dialog.getByLabel("Name", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
  await dialog.getByRole("group", { name: "Authorized workspaces" }).getByLabel(wsB, { exact: true }).check();
  await dialog.getByLabel("Default workspace").selectOption({ label: wsB });
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog.getByText(`A service account named "${taken}" already exists`)).toBeVisible();
  await expect(dialog.getByRole("group", { name: "Authorized workspaces" }).getByLabel(wsB, { exact: true })).toBeChecked();
  await expect(dialog.getByLabel("Default workspace")).toHaveValue(/.+/);

  await dialog.getByLabel("Name", { exact: true }).fill(`fixed-${suffix()}`);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();
});

test("a workspace that an account uses cannot be deleted, and the refusal names the account", async ({ page }) => {
  const workspaces = new WorkspacesPage(page);
  const accounts = new ServiceAccountsPage(page);
  const ws = `shared-${suffix()}`;
  const user = `uses-it-${suffix()}`;
  await page.goto("/admin/workspaces");
  await workspaces.createWorkspace(ws);
  await accounts.goto();
  await accounts.createServiceAccount({ name: user, authorized: [ws] });

  await workspaces.goto();
  await expect(workspaces.rowFor(ws).getByRole("cell").nth(2)).toHaveText("1 service account, 0 people");
  await (await rowMenuItem(workspaces.rowFor(ws), ws, `Delete workspace ${ws}`)).click();
  // Refused before any destructive button (issue 27 item 6): the dialog names the account and offers nothing to confirm.
  const alert = page.getByRole("alertdialog", { name: `Workspace ${ws} is in use` });
  await expect(alert.getByRole("term")).toHaveText(["Service accounts"]);
  await expect(alert.getByRole("definition")).toHaveText([user]);
  await expect(alert.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await alert.getByRole("button", { name: "Close" }).click();
  await expect(alert).toBeHidden();
  await page.reload();
  await expect(workspaces.rowFor(ws)).toHaveCount(1);
});
