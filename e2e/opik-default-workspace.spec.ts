import { expect, test } from "@playwright/test";
import { rowMenuItem, WorkspacesPage } from "./support/pages";

// Issue 11 item 6: a workspace that keeps what Opik logged before authentication was on.
const OPIK_DEFAULT_WORKSPACE_ID = "0190babc-62a0-71d2-832a-0feffa4676eb";
const KEEP = "Keep the data Opik logged before authentication was on";

test("a workspace can take Opik's built-in workspace id, and only one can", async ({ page }) => {
  const name = `legacy-${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/admin/workspaces");
  const workspaces = new WorkspacesPage(page);

  await page.getByRole("button", { name: "Create workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Create workspace" });
  // Deleting and recreating a workspace does not bring its data back: the dialog says so.
  await expect(dialog).toContainText("Deleting a workspace orphans its data in Opik");
  await expect(dialog).not.toContainText("never changes");
  const keep = dialog.getByRole("checkbox", { name: KEEP });
  await expect(keep).toBeEnabled();
  await expect(keep).toHaveAccessibleDescription(new RegExp(`built-in workspace id ${OPIK_DEFAULT_WORKSPACE_ID}`));
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await keep.check();
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog).toBeHidden();

  const row = workspaces.rowFor(name);
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(1)).toContainText(OPIK_DEFAULT_WORKSPACE_ID);
  await expect(row.getByText("Opik's built-in workspace", { exact: true })).toBeVisible();
  // Only that row carries the badge.
  await expect(page.getByRole("table", { name: "Workspaces" }).getByText("Opik's built-in workspace", { exact: true })).toHaveCount(1);

  // A second one cannot be asked for: the box is disabled, and its reason is read out with it.
  await page.getByRole("button", { name: "Create workspace" }).click();
  const reason = `Workspace "${name}" already keeps the data Opik logged before authentication was on. Only one workspace can.`;
  await expect(dialog.getByRole("checkbox", { name: KEEP })).toBeDisabled();
  await expect(dialog.getByText(reason)).toBeVisible();
  await expect(dialog.getByRole("checkbox", { name: KEEP })).toHaveAccessibleDescription(new RegExp(reason.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // The delete dialog says what deleting does to the data in Opik.
  await (await rowMenuItem(row, name, `Delete workspace ${name}`)).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete workspace ${name}?` });
  await expect(confirm).toContainText("its data in Opik is orphaned");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toBeVisible();
});
