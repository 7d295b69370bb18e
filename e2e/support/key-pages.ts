import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { ApiKeysModal, ServiceAccountsPage, WorkspacesPage } from "./pages";

/**
 * What the Opik backend's check (`POST /opik/auth`, served on the dashboard's port) answers for `key`;
 * `check` is the request Opik asks about (a project list by default, without requiredPermissions).
 */
export async function opikAuth(
  request: APIRequestContext,
  key: string,
  workspaceName: string,
  check: { path?: string; requiredPermissions?: string[] } = {},
) {
  const data = { workspaceName, path: check.path ?? "/v1/private/projects", ...(check.requiredPermissions ? { requiredPermissions: check.requiredPermissions } : {}) };
  const response = await request.post("/opik/auth", { headers: { Authorization: key }, data });
  return { status: response.status(), body: (await response.json()) as { user?: string; msg?: string } };
}

export const suffix = () => Math.random().toString(36).slice(2, 8);

/** A workspace and an unrestricted account with the API keys modal open on it. */
export async function accountWithModal(page: Page, prefix: string) {
  const ws = `${prefix}-ws-${suffix()}`;
  const name = `${prefix}-${suffix()}`;
  await page.goto("/admin/workspaces");
  await new WorkspacesPage(page).createWorkspace(ws);
  const accounts = new ServiceAccountsPage(page);
  await accounts.goto();
  await accounts.createServiceAccount({ name });
  const modal = new KeyLifecycleModal(page);
  await modal.open(name);
  return { ws, name, modal };
}

export const hintOf = (key: string) => `${key.slice(0, 9)}…${key.slice(-4)}`;

/** The API keys modal's key lifecycle (issue 12) and scopes (issue 13): Expires, Scope, Roll key, Disable/Enable key, End grace period now. */
export class KeyLifecycleModal extends ApiKeysModal {
  constructor(page: Page) {
    super(page);
  }

  /** The list item of the key with this hint (not the one that mentions it as rolled from or to). */
  item(accountName: string, hint: string) {
    return this.dialog(accountName)
      .getByRole("listitem")
      .filter({ has: this.page.getByTestId("key-hint").getByText(hint, { exact: true }) });
  }

  /** Add key with an Expires choice by its label ("7 days", "Never", …); returns the revealed key. */
  async addKeyExpiring(accountName: string, keyName: string, expires: string): Promise<string> {
    await (await this.openAddKey(accountName)).getByLabel("Expires").selectOption({ label: expires });
    return this.addKey(accountName, keyName);
  }

  /** Chooses a Scope by its label ("Read only", "Custom", …) and, for Custom, ticks `permissions`. */
  async chooseScope(accountName: string, scope: string, permissions: string[] = []) {
    const dialog = await this.openAddKey(accountName);
    await dialog.getByRole("radio", { name: scope, exact: true }).check();
    for (const permission of permissions) await dialog.getByRole("checkbox", { name: permission, exact: true }).check();
  }

  async dismissReveal(accountName: string) {
    const dialog = this.dialog(accountName);
    await dialog.getByRole("button", { name: "I have stored the key" }).click();
    await expect(dialog.getByLabel("New API key")).toHaveCount(0);
  }

  /** Roll key with a grace period by its label ("1 hour"); returns the new key from the reveal. */
  async rollKey(accountName: string, hint: string, grace: string): Promise<string> {
    await this.item(accountName, hint).getByRole("button", { name: `Roll key ` }).click();
    const roll = this.page.getByRole("dialog", { name: /^Roll API key/ });
    await expect(roll).toContainText(hint);
    await roll.getByLabel(grace, { exact: true }).check();
    await roll.getByRole("button", { name: "Roll key" }).click();
    await expect(roll).toBeHidden();
    const field = this.dialog(accountName).getByLabel("New API key");
    await expect(field).toHaveValue(/^opsa_[0-9A-Za-z]{38}$/);
    return field.inputValue();
  }

  /** A confirmed key action ("Disable key", "End grace period now", "Delete key"). */
  async confirmKeyAction(accountName: string, hint: string, action: string) {
    const button = this.item(accountName, hint).getByRole("button", { name: `${action} ` });
    await expect(button).toHaveAccessibleName(new RegExp(`^${action} .*${hint}`));
    await button.click();
    const confirm = this.page.getByRole("alertdialog");
    await expect(confirm).toContainText(hint);
    await confirm.getByRole("button", { name: action, exact: true }).click();
    // Everything behind the confirmation is aria-hidden until it closes.
    await expect(confirm).toBeHidden();
  }

  async enableKey(accountName: string, hint: string) {
    await this.item(accountName, hint).getByRole("button", { name: "Enable key" }).click();
  }

  state(accountName: string, hint: string) {
    return this.item(accountName, hint).getByTestId("key-state");
  }

  expiry(accountName: string, hint: string) {
    return this.item(accountName, hint).getByTestId("key-expiry");
  }

  scope(accountName: string, hint: string) {
    return this.item(accountName, hint).getByTestId("key-scope");
  }
}

export class SettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.getByRole("link", { name: "Settings" }).click();
    await expect(this.page.getByRole("heading", { name: "Settings", exact: true })).toBeVisible();
  }

  get maximum() {
    return this.page.getByLabel("Maximum key lifetime");
  }

  get defaultExpiry() {
    return this.page.getByLabel("Default expiry");
  }

  /** Fills both fields ("" = none) and saves; returns nothing, the caller checks the outcome. */
  async submitPolicy(maximum: string, defaultExpiry: string) {
    await this.maximum.fill(maximum);
    await this.defaultExpiry.fill(defaultExpiry);
    await this.page.getByRole("button", { name: "Save" }).click();
  }

  async savePolicy(maximum: string, defaultExpiry: string) {
    await this.submitPolicy(maximum, defaultExpiry);
    await expect(this.page.getByText(/^Key policy (saved|unchanged)/)).toBeVisible();
  }
}
