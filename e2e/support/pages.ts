import { expect, type Locator, type Page } from "@playwright/test";

/** Page objects that speak in intents; everything is located by role and label. */
export class WorkspacesPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.getByRole("link", { name: "Workspaces" }).click();
    await expect(this.page.getByRole("heading", { name: "Workspaces" })).toBeVisible();
  }

  async createWorkspace(name: string) {
    await this.page.getByRole("button", { name: "Create workspace" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create workspace" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(this.rowFor(name)).toBeVisible();
  }

  rowFor(name: string) {
    return this.page.getByRole("table", { name: "Workspaces" }).getByRole("row").filter({ has: this.page.getByRole("cell", { name, exact: true }) });
  }
}

export class ServiceAccountsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.getByRole("link", { name: "Service Accounts" }).click();
    await expect(this.page.getByRole("heading", { name: "Service Accounts", exact: true })).toBeVisible();
  }

  openCreateDialog() {
    return this.page.getByRole("button", { name: "Create service account" }).first().click();
  }

  get createDialog() {
    return this.page.getByRole("dialog", { name: "Create service account" });
  }

  async createServiceAccount(input: { name: string; description?: string; defaultWorkspace?: string; authorized?: string[] }) {
    await this.openCreateDialog();
    const dialog = this.createDialog;
    await dialog.getByLabel("Name", { exact: true }).fill(input.name);
    if (input.description) await dialog.getByLabel("Description").fill(input.description);
    await chooseWorkspaces(dialog, input.authorized);
    if (input.defaultWorkspace) await dialog.getByLabel("Default workspace").selectOption({ label: input.defaultWorkspace });
    await dialog.getByRole("button", { name: "Create", exact: true }).click();
    await expect(dialog).toBeHidden();
  }

  rowFor(name: string) {
    return this.page
      .getByRole("table", { name: "Service accounts" })
      .getByRole("row")
      .filter({ has: this.page.getByText(name, { exact: true }) });
  }

  async search(term: string) {
    await this.page.getByLabel("Search service accounts").fill(term);
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(term)}`));
  }

  /** The row's "…" menu trigger ("Actions for <name>"). */
  menuTrigger(name: string) {
    return this.rowFor(name).getByRole("button", { name: `Actions for ${name}` });
  }

  /** Opens the row menu and chooses `item` ("Edit service account", "Disable service account", ...). */
  async chooseFromMenu(name: string, item: string) {
    await this.menuTrigger(name).click();
    await this.page.getByRole("menuitem", { name: `${item} ${name}` }).click();
  }

  editDialog(name: string) {
    return this.page.getByRole("dialog", { name: `Edit service account ${name}` });
  }

  /**
   * Edit service account: the given fields only (`all` chooses All workspaces; workspaces in
   * `check`/`uncheck`, under Only these workspaces); Save unless `save` is false. Returns the dialog.
   */
  async editServiceAccount(name: string, change: WorkspaceEdit & { name?: string }, save = true) {
    await this.chooseFromMenu(name, "Edit service account");
    const dialog = this.editDialog(name);
    await expect(dialog).toBeVisible();
    if (change.name !== undefined) await dialog.getByLabel("Name", { exact: true }).fill(change.name);
    await editWorkspaces(dialog, change);
    if (save) {
      await dialog.getByRole("button", { name: "Save" }).click();
      await expect(dialog).toBeHidden();
    }
    return dialog;
  }

  async disableServiceAccount(name: string) {
    await this.chooseFromMenu(name, "Disable service account");
    const confirm = this.page.getByRole("alertdialog", { name: `Disable service account ${name}?` });
    await expect(confirm).toContainText("stops working until you enable it again");
    await confirm.getByRole("button", { name: "Disable", exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(this.rowFor(name).getByText("Disabled", { exact: true })).toBeVisible();
  }

  async enableServiceAccount(name: string) {
    await this.chooseFromMenu(name, "Enable service account");
    await expect(this.page.getByText(`Service account "${name}" enabled`)).toBeVisible();
    await expect(this.rowFor(name).getByText("Disabled", { exact: true })).toHaveCount(0);
  }

  async deleteServiceAccount(name: string) {
    await this.chooseFromMenu(name, "Delete service account");
    const alert = this.page.getByRole("alertdialog", { name: `Delete service account ${name}?` });
    // An account without keys is not said to revoke "all 0 of its API keys".
    await expect(alert).toContainText(/stop working|It has no API keys, so no system stops working/);
    await expect(alert).not.toContainText(/\b0 (of its )?API keys/);
    const confirm = alert.getByRole("button", { name: "Delete", exact: true });
    await expect(confirm).toBeDisabled();
    await alert.getByLabel(`Type ${name} to confirm`).fill(name);
    await confirm.click();
    await expect(alert).toBeHidden();
  }
}

export class ApiKeysModal {
  constructor(readonly page: Page) {}

  async open(accountName: string) {
    await new ServiceAccountsPage(this.page).rowFor(accountName).getByRole("button", { name: "Manage API keys" }).click();
    await expect(this.dialog(accountName)).toBeVisible();
  }

  dialog(accountName: string) {
    return this.page.getByRole("dialog", { name: `API keys of ${accountName}` });
  }

  /** The Add key form, opened by its button when it is not open yet (a click on Add key mints nothing). */
  async openAddKey(accountName: string) {
    const dialog = this.dialog(accountName);
    const form = dialog.getByRole("form", { name: "Add key" });
    if ((await form.count()) === 0) await dialog.getByRole("button", { name: "Add key" }).click();
    await expect(form).toBeVisible();
    return form;
  }

  /** Adds a key with the form's choices as they are (Create key) and returns the full key as the reveal shows it. */
  async addKey(accountName: string, keyName?: string): Promise<string> {
    const dialog = this.dialog(accountName);
    const form = await this.openAddKey(accountName);
    if (keyName) await form.getByLabel("Key name").fill(keyName);
    await form.getByRole("button", { name: "Create key" }).click();
    const field = dialog.getByLabel("New API key");
    await expect(field).toHaveValue(/^opsa_[0-9A-Za-z]{38}$/);
    return field.inputValue();
  }

  /** Closes the modal with a key showing that was copied: no "Close without the key?" prompt. */
  async closeAfterCopy(accountName: string) {
    await this.dialog(accountName).getByRole("button", { name: "Close" }).first().click();
    await expect(this.dialog(accountName)).toBeHidden();
    await expect(this.page.getByRole("alertdialog")).toHaveCount(0);
  }

  async closeDiscardingKey(accountName: string) {
    await this.dialog(accountName).getByRole("button", { name: "Close" }).first().click();
    const confirm = this.page.getByRole("alertdialog", { name: "Close without the key?" });
    await expect(confirm).toContainText("You won't see this key again");
    await confirm.getByRole("button", { name: "Close", exact: true }).click();
    await expect(this.dialog(accountName)).toBeHidden();
  }

  async deleteKey(accountName: string, hint: string) {
    const item = this.dialog(accountName).getByRole("listitem").filter({ hasText: hint });
    await item.getByRole("button", { name: "Delete key" }).click();
    const confirm = this.page.getByRole("alertdialog");
    await expect(confirm).toContainText("stops working immediately");
    await confirm.getByRole("button", { name: "Delete key" }).click();
    // While the confirmation is open everything behind it is aria-hidden, so the item "vanishes"
    // from role queries at once: wait for the confirmation to close (the action has returned) first.
    await expect(confirm).toBeHidden();
    await expect(this.page.getByText(`API key ${hint} deleted`)).toBeVisible();
    await expect(item).toHaveCount(0);
  }
}

/**
 * Opens a row's "…" menu ("Actions for <target>") and returns its item named `name` (every table
 * has one row menu; the items keep the names their buttons had, e.g. "Remove person a@b.test").
 */
export async function rowMenuItem(row: Locator, target: string, name: string) {
  await row.getByRole("button", { name: `Actions for ${target}` }).click();
  return row.page().getByRole("menuitem", { name });
}

export type NewPerson = { email: string; name: string; role: "admin" | "viewer" | "member"; password: string; defaultWorkspace?: string; authorized?: string[] };

export class PeoplePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/admin/people");
    await expect(this.page.getByRole("heading", { name: "People", exact: true })).toBeVisible();
  }

  rowFor(email: string) {
    return this.page.getByRole("table", { name: "People" }).getByRole("row").filter({ hasText: email });
  }

  /** Fills Add person and submits it; the dialog stays open when the server refuses (returned for the caller to inspect). */
  async submitAddPerson(input: NewPerson) {
    return this.submitAddPersonWith(input, async () => {});
  }

  /** As submitAddPerson, with `more` filling other fields (e.g. See unmasked data) before the submit. */
  async submitAddPersonWith(input: NewPerson, more: (dialog: Locator) => Promise<void>) {
    await this.page.getByRole("button", { name: "Add person" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Add person" });
    await dialog.getByLabel("Email").fill(input.email);
    await dialog.getByLabel("Name").fill(input.name);
    await dialog.getByLabel("Password").fill(input.password);
    await dialog.getByLabel("Role").selectOption(input.role);
    await chooseWorkspaces(dialog, input.authorized);
    if (input.defaultWorkspace) await dialog.getByLabel("Default workspace").selectOption({ label: input.defaultWorkspace });
    await more(dialog);
    await dialog.getByRole("button", { name: "Add person" }).click();
    return dialog;
  }

  async addPerson(input: NewPerson) {
    const dialog = await this.submitAddPerson(input);
    await expect(dialog).toBeHidden();
    await expect(this.rowFor(input.email)).toBeVisible();
  }

  /** Opens the person's row menu and returns the item `label` ("Reset password", "Remove person", ...). */
  menuItem(email: string, label: string) {
    return rowMenuItem(this.rowFor(email), email, `${label} ${email}`);
  }

  async openEdit(email: string) {
    await (await this.menuItem(email, "Edit person")).click();
    const dialog = this.page.getByRole("dialog", { name: `Edit person ${email}` });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Edit person: the given fields only (`all`, or workspaces listed in `check`/`uncheck`), then Save. */
  async editPerson(email: string, change: WorkspaceEdit & { name?: string; role?: NewPerson["role"] }) {
    const dialog = await this.openEdit(email);
    if (change.name !== undefined) await dialog.getByLabel("Name").fill(change.name);
    if (change.role) await dialog.getByLabel("Role").selectOption(change.role);
    await editWorkspaces(dialog, change);
    await dialog.getByRole("button", { name: "Save" }).click();
    // Behind an open dialog the page is aria-hidden: wait for it to close before reading the table.
    await expect(dialog).toBeHidden();
  }

  async removePerson(email: string) {
    await (await this.menuItem(email, "Remove person")).click();
    const confirm = this.page.getByRole("alertdialog", { name: `Remove person ${email}?` });
    await confirm.getByRole("button", { name: "Remove" }).click();
    await expect(confirm).toBeHidden();
    await expect(this.rowFor(email)).toHaveCount(0);
  }

  /** Confirms the row's Sign out everywhere; the confirmation names the person and says `says`. Returns it. */
  async signOutEverywhere(email: string, says: string) {
    await (await this.menuItem(email, "Sign out everywhere")).click();
    const confirm = this.page.getByRole("alertdialog", { name: `Sign out ${email} everywhere?` });
    await expect(confirm).toContainText(says);
    await confirm.getByRole("button", { name: "Sign out everywhere" }).click();
    return confirm;
  }
}

/** A change of a dialog's workspaces: `all` chooses All workspaces; `check` (under Only these workspaces) and `uncheck` tick boxes. */
export type WorkspaceEdit = { defaultWorkspace?: string; all?: boolean; check?: string[]; uncheck?: string[] };

/** Authorized workspaces of a Create or Add dialog: Only these workspaces with `authorized` checked, or All workspaces when none is given. */
export async function chooseWorkspaces(dialog: Locator, authorized: string[] = []) {
  const group = dialog.getByRole("group", { name: "Authorized workspaces" });
  if (authorized.length === 0) {
    await group.getByRole("radio", { name: "All workspaces" }).check();
    return;
  }
  await group.getByRole("radio", { name: "Only these workspaces" }).check();
  for (const ws of authorized) await group.getByLabel(ws, { exact: true }).check();
}

export async function editWorkspaces(dialog: Locator, change: WorkspaceEdit) {
  const group = dialog.getByRole("group", { name: "Authorized workspaces" });
  if (change.all) await group.getByRole("radio", { name: "All workspaces" }).check();
  if (change.check?.length) await group.getByRole("radio", { name: "Only these workspaces" }).check();
  for (const ws of change.check ?? []) await group.getByLabel(ws, { exact: true }).check();
  for (const ws of change.uncheck ?? []) await group.getByLabel(ws, { exact: true }).uncheck();
  if (change.defaultWorkspace !== undefined) await dialog.getByLabel("Default workspace").selectOption({ label: change.defaultWorkspace });
}
