import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ApiKeysModal, ServiceAccountsPage, WorkspacesPage } from "./support/pages";

// Issue 12 items 1, 2 and 6 and issue 14 item 1: Edit, Disable/Enable and Delete in one row menu;
// what the Opik backend's check (`POST /opik/auth`, served on the same port) says right after.
const suffix = () => Math.random().toString(36).slice(2, 8);

async function opikAuth(request: APIRequestContext, key: string, workspaceName: string) {
  const response = await request.post("/opik/auth", { headers: { Authorization: key }, data: { workspaceName, path: "/v1/private/projects" } });
  return { status: response.status(), body: (await response.json()) as { user?: string; workspaceName?: string; msg?: string } };
}

/** Two new workspaces named after `prefix`, then back on the Service Accounts page. */
async function twoWorkspaces(page: Page, prefix: string): Promise<[string, string]> {
  const names: [string, string] = [`${prefix}-a-${suffix()}`, `${prefix}-b-${suffix()}`];
  const workspaces = new WorkspacesPage(page);
  await page.goto("/admin/workspaces");
  for (const name of names) await workspaces.createWorkspace(name);
  await new ServiceAccountsPage(page).goto();
  return names;
}

/** An account with the given workspaces and one key; returns the key. */
async function accountWithKey(accounts: ServiceAccountsPage, name: string, ws: { defaultWorkspace?: string; authorized?: string[] }) {
  await accounts.createServiceAccount({ name, ...ws });
  const keys = new ApiKeysModal(accounts.page);
  await keys.open(name);
  const key = await keys.addKey(name, "ci");
  await keys.closeDiscardingKey(name);
  return key;
}

test("Edit service account: new workspaces and name apply to the very next /opik/auth", async ({ page, request }) => {
  const name = `ci-edit-${suffix()}`;
  const renamed = `${name}-v2`;
  const accounts = new ServiceAccountsPage(page);
  const [wsA, wsB] = await twoWorkspaces(page, "edit");
  const key = await accountWithKey(accounts, name, { defaultWorkspace: wsA, authorized: [wsA] });
  expect(await opikAuth(request, key, wsA)).toMatchObject({ status: 200, body: { user: name, workspaceName: wsA } });
  expect((await opikAuth(request, key, wsB)).status).toBe(401);

  const dialog = await accounts.editServiceAccount(name, { check: [wsB], uncheck: [wsA] }, false);
  // What Save would take away is said before Save; so is the default left outside the authorized list.
  await expect(dialog.getByText(`Removing ${wsA} from the authorized workspaces`)).toBeVisible();
  await expect(dialog.getByText("The default workspace must be one of the authorized workspaces")).toBeVisible();
  await dialog.getByLabel("Default workspace").selectOption({ label: wsB });
  await expect(dialog.getByText("The default workspace must be one of the authorized workspaces")).toHaveCount(0);
  await dialog.getByLabel("Name", { exact: true }).fill(renamed);
  await expect(dialog.getByText("Opik records the account's name as the author")).toBeVisible();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Service account "${renamed}" saved`)).toBeVisible();

  // No waiting: the first check after Save already follows.
  expect(await opikAuth(request, key, wsB)).toMatchObject({ status: 200, body: { user: renamed, workspaceName: wsB } });
  expect(await opikAuth(request, key, wsA)).toMatchObject({ status: 401, body: { msg: expect.stringContaining(`not authorized for workspace "${wsA}"`) } });
  expect(await opikAuth(request, key, "default")).toMatchObject({ status: 200, body: { workspaceName: wsB } });
  const cells = accounts.rowFor(renamed).getByRole("cell");
  await expect(cells.nth(1)).toHaveText(wsB);
  await expect(cells.nth(2)).toHaveText(wsB);

  // A duplicate name is said on the field; the dialog keeps what was typed.
  const other = `other-${suffix()}`;
  await accounts.createServiceAccount({ name: other });
  const again = await accounts.editServiceAccount(other, { name: renamed.toUpperCase() }, false);
  await again.getByRole("button", { name: "Save" }).click();
  // The message quotes the account that holds the name, as it is stored.
  await expect(again.getByText(`A service account named "${renamed}" already exists (names are unique whatever their letter case)`)).toBeVisible();
  await expect(again.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
});

test("Disable service account refuses its keys at once; Enable brings them back", async ({ page, request }) => {
  const name = `ci-disable-${suffix()}`;
  const accounts = new ServiceAccountsPage(page);
  const [ws] = await twoWorkspaces(page, "any");
  const key = await accountWithKey(accounts, name, {});
  expect((await opikAuth(request, key, ws)).status).toBe(200);

  await accounts.disableServiceAccount(name);
  expect(await opikAuth(request, key, ws)).toMatchObject({ status: 401, body: { msg: expect.stringContaining(`"${name}" is disabled`) } });
  await page.reload();
  await expect(accounts.rowFor(name).getByText("Disabled", { exact: true })).toBeVisible();

  await accounts.enableServiceAccount(name);
  expect(await opikAuth(request, key, ws)).toMatchObject({ status: 200, body: { user: name } });
});

test("the create dialog shows a default workspace left outside the authorized list, and submits what it shows", async ({ page }) => {
  const name = `conflict-${suffix()}`;
  const accounts = new ServiceAccountsPage(page);
  const [wsA, wsB] = await twoWorkspaces(page, "conf");

  await accounts.openCreateDialog();
  const dialog = accounts.createDialog;
  const group = dialog.getByRole("group", { name: "Authorized workspaces" });
  const select = dialog.getByLabel("Default workspace");
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await group.getByLabel(wsA, { exact: true }).check();
  await select.selectOption({ label: wsA });
  await group.getByLabel(wsA, { exact: true }).uncheck();
  await group.getByLabel(wsB, { exact: true }).check();
  // The select still shows wsA, and says it conflicts; it is not quietly dropped.
  await expect(select.locator("option:checked")).toHaveText(wsA);
  const conflict = dialog.getByText("The default workspace must be one of the authorized workspaces");
  await expect(conflict).toBeVisible();
  await expect(select).toHaveAttribute("aria-invalid", "true");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(conflict).toBeVisible();
  await expect(dialog).toBeVisible();

  await select.selectOption({ label: wsB });
  await expect(conflict).toHaveCount(0);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();
  const cells = accounts.rowFor(name).getByRole("cell");
  await expect(cells.nth(1)).toHaveText(wsB);
  await expect(cells.nth(2)).toHaveText(wsB);
});
