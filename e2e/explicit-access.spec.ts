import { expect, test, type Locator } from "@playwright/test";
import { opikAuth, suffix } from "./support/key-pages";
import { ApiKeysModal, PeoplePage, rowMenuItem, ServiceAccountsPage, WorkspacesPage } from "./support/pages";

// Issue 27 item 1: "All workspaces" is a choice, never an accident, for service accounts, people and group mappings.
const CHECK_ONE = 'Check at least one workspace, or choose "All workspaces"';
const WIDENING = "Widening access:";
/** The notice that says which workspaces Save opens (its whole text, not only the bold "Widening access:"). */
const widening = (dialog: Locator) => dialog.locator("p").filter({ hasText: WIDENING });

const access = (dialog: Locator) => dialog.getByRole("group", { name: "Authorized workspaces" });

async function twoWorkspaces(page: import("@playwright/test").Page, prefix: string): Promise<[string, string]> {
  const names: [string, string] = [`${prefix}-prod-${suffix()}`, `${prefix}-staging-${suffix()}`];
  await page.goto("/admin/workspaces");
  const workspaces = new WorkspacesPage(page);
  for (const name of names) await workspaces.createWorkspace(name);
  return names;
}

test("Create service account starts on Only these workspaces; none checked is an inline error; All workspaces only when chosen", async ({ page }) => {
  const [prod] = await twoWorkspaces(page, "create");
  const accounts = new ServiceAccountsPage(page);
  await accounts.goto();
  await accounts.openCreateDialog();
  const dialog = accounts.createDialog;
  const group = access(dialog);
  await expect(group.getByRole("radio", { name: "Only these workspaces" })).toBeChecked();
  await expect(group.getByRole("radio", { name: "All workspaces" })).not.toBeChecked();
  await expect(group.getByRole("checkbox", { name: prod, exact: true })).not.toBeChecked();

  const name = `explicit-${suffix()}`;
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(group.getByText(CHECK_ONE)).toBeVisible();
  await expect(dialog).toBeVisible();

  // Chosen explicitly, every workspace is allowed: the checklist goes, and so does its error.
  await group.getByRole("radio", { name: "All workspaces" }).check();
  await expect(group.getByRole("checkbox", { name: prod, exact: true })).toHaveCount(0);
  await expect(group.getByText(CHECK_ONE)).toHaveCount(0);
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(accounts.rowFor(name).getByRole("cell").nth(2)).toHaveText("All workspaces");
});

test("Edit service account: unchecking the last workspace is refused, not widened; All workspaces warns before Save", async ({ page, request }) => {
  const [prod, staging] = await twoWorkspaces(page, "edit");
  const accounts = new ServiceAccountsPage(page);
  await accounts.goto();
  const name = `narrow-${suffix()}`;
  await accounts.createServiceAccount({ name, authorized: [prod] });
  const modal = new ApiKeysModal(page);
  await modal.open(name);
  const key = await modal.addKey(name);
  await modal.closeDiscardingKey(name);
  expect((await opikAuth(request, key, staging)).status).not.toBe(200);

  // The last workspace unchecked: Save is refused inline, and the key is still refused in staging.
  const dialog = await accounts.editServiceAccount(name, { uncheck: [prod] }, false);
  await expect(widening(dialog)).toHaveCount(0);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(access(dialog).getByText(CHECK_ONE)).toBeVisible();
  await expect(dialog).toBeVisible();
  expect((await opikAuth(request, key, staging)).status).not.toBe(200);

  // Adding a workspace or choosing All workspaces is said before Save.
  await access(dialog).getByLabel(staging, { exact: true }).check();
  await expect(widening(dialog)).toContainText(staging);
  await access(dialog).getByRole("radio", { name: "All workspaces" }).check();
  await expect(widening(dialog)).toContainText("every workspace, including workspaces created later");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(accounts.rowFor(name).getByRole("cell").nth(2)).toHaveText("All workspaces");
  await expect.poll(async () => (await opikAuth(request, key, staging)).status).toBe(200);

  // Opened again, the dialog shows the stored choice; going back to Only these warns of nothing.
  const again = await accounts.editServiceAccount(name, {}, false);
  await expect(access(again).getByRole("radio", { name: "All workspaces" })).toBeChecked();
  await access(again).getByRole("radio", { name: "Only these workspaces" }).check();
  await access(again).getByLabel(prod, { exact: true }).check();
  await expect(widening(again)).toHaveCount(0);
  await expect(again.getByText(/Allowing only the checked workspaces removes/)).toBeVisible();
});

test("Add person and Edit person: the same explicit choice, with the widening warning", async ({ page }) => {
  const [prod, staging] = await twoWorkspaces(page, "person");
  const people = new PeoplePage(page);
  await people.goto();
  const email = `explicit-${suffix()}@example.test`;
  const dialog = await people.submitAddPersonWith({ email, name: "Explicit Person", role: "member", password: "a long member password", authorized: [prod] }, async (d) => {
    await access(d).getByLabel(prod, { exact: true }).uncheck();
  });
  await expect(access(dialog).getByText(CHECK_ONE)).toBeVisible();
  await access(dialog).getByLabel(prod, { exact: true }).check();
  await dialog.getByRole("button", { name: "Add person" }).click();
  await expect(dialog).toBeHidden();

  const edit = await people.openEdit(email);
  await expect(access(edit).getByRole("radio", { name: "Only these workspaces" })).toBeChecked();
  await access(edit).getByLabel(staging, { exact: true }).check();
  await expect(widening(edit)).toContainText(staging);
  await access(edit).getByRole("radio", { name: "All workspaces" }).check();
  await expect(widening(edit)).toContainText("open to this person");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(people.rowFor(email)).toContainText("All workspaces");
});

test("Add mapping and Edit mapping: none checked is an inline error; All workspaces warns before Save", async ({ page }) => {
  const [prod] = await twoWorkspaces(page, "mapping");
  const group = `explicit-${suffix()}`;
  await page.goto("/admin/settings");
  const mappings = page.getByRole("region", { name: "Group mappings" }).first();
  await mappings.getByRole("button", { name: "Add mapping" }).click();
  const add = page.getByRole("dialog", { name: "Add mapping" });
  await add.getByLabel("Group").fill(group);
  await expect(access(add).getByRole("radio", { name: "Only these workspaces" })).toBeChecked();
  await add.getByRole("button", { name: "Add mapping" }).click();
  await expect(access(add).getByText(CHECK_ONE)).toBeVisible();
  await access(add).getByLabel(prod, { exact: true }).check();
  await add.getByRole("button", { name: "Add mapping" }).click();
  await expect(add).toBeHidden();

  const row = mappings.getByRole("table", { name: "Group mappings" }).getByRole("row").filter({ hasText: group });
  await (await rowMenuItem(row, group, `Edit mapping of ${group}`)).click();
  const edit = page.getByRole("dialog", { name: `Edit mapping of ${group}` });
  await access(edit).getByLabel(prod, { exact: true }).uncheck();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(access(edit).getByText(CHECK_ONE)).toBeVisible();
  await access(edit).getByRole("radio", { name: "All workspaces" }).check();
  await expect(widening(edit)).toContainText("open to people in this group");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText(/all workspaces/i);
});
