import { expect, test, type Page } from "@playwright/test";
import { PeoplePage, ServiceAccountsPage, WorkspacesPage } from "./support/pages";
import { signInFresh } from "./support/sessions";

// Issue 14 item 1: the row actions are one menu beside Manage API keys, so the table fits from
// 1024 px without scrolling sideways, and the menu and its dialogs work from the keyboard alone.
const suffix = () => Math.random().toString(36).slice(2, 8);

/** The table's scrolling box: what it would scroll by, and how wide it is. */
function tableBox(page: Page) {
  return page.getByRole("table", { name: "Service accounts" }).evaluate((table) => {
    const box = table.parentElement!;
    return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth };
  });
}

test("the table fits at 1024 and 1280 px, each row's last action inside it", async ({ page }) => {
  const workspaces = new WorkspacesPage(page);
  const accounts = new ServiceAccountsPage(page);
  const ws = [`observability-${suffix()}`, `production-eu-${suffix()}`, `staging-${suffix()}`];
  const wide = `monitoring-service-production-${suffix()}`;
  await page.goto("/admin/workspaces");
  for (const w of ws) await workspaces.createWorkspace(w);
  await accounts.goto();
  await accounts.createServiceAccount({ name: wide, defaultWorkspace: ws[1], authorized: ws });
  await accounts.disableServiceAccount(wide);

  for (const width of [1024, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto("/admin/service-accounts");
    await expect(accounts.rowFor(wide)).toBeVisible();
    const { scrollWidth, clientWidth } = await tableBox(page);
    expect(scrollWidth, `at ${width} px`).toBeLessThanOrEqual(clientWidth);
    const box = await page.getByRole("table", { name: "Service accounts" }).locator("..").boundingBox();
    const trigger = await accounts.menuTrigger(wide).boundingBox();
    expect(trigger!.x + trigger!.width, `the menu at ${width} px`).toBeLessThanOrEqual(box!.x + box!.width);
  }
});

test("the row menu by keyboard: arrows move, Escape closes, focus comes back from its dialogs", async ({ page }) => {
  const accounts = new ServiceAccountsPage(page);
  const name = `kbd-${suffix()}`;
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name });
  const trigger = accounts.menuTrigger(name);
  const item = (label: string) => page.getByRole("menuitem", { name: `${label} ${name}` });

  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(item("Edit service account")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(item("Disable service account")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(item("Delete service account")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();
  await expect(trigger).toBeFocused();

  // Each key waits for the focus the previous one gave: a key pressed while the menu is still
  // mounting reaches the trigger instead (ArrowDown there opens the menu on its first item).
  const openMenu = async () => {
    await expect(trigger).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(item("Edit service account")).toBeFocused();
  };

  // Edit service account: opened with Enter, closed with Escape, focus back on the menu's trigger.
  await openMenu();
  await page.keyboard.press("Enter");
  const edit = accounts.editDialog(name);
  await expect(edit).toBeVisible();
  await expect(edit.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(edit.getByLabel("Name", { exact: true })).toHaveValue(name);
  await page.keyboard.press("Escape");
  await expect(edit).toBeHidden();
  await expect(trigger).toBeFocused();

  // Disable, closed by its Cancel button; then Delete, typed and confirmed from the keyboard.
  await openMenu();
  await page.keyboard.press("ArrowDown");
  await expect(item("Disable service account")).toBeFocused();
  await page.keyboard.press("Enter");
  const disable = page.getByRole("alertdialog", { name: `Disable service account ${name}?` });
  await disable.getByRole("button", { name: "Cancel" }).click();
  await expect(disable).toBeHidden();
  await expect(trigger).toBeFocused();

  await openMenu();
  await page.keyboard.press("ArrowUp");
  await expect(item("Delete service account")).toBeFocused();
  await page.keyboard.press("Enter");
  const remove = page.getByRole("alertdialog", { name: `Delete service account ${name}?` });
  await expect(remove).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(remove).toBeHidden();
  await expect(trigger).toBeFocused();
});

test("a viewer opens the menu and finds every change disabled, with the reason", async ({ page, browser }) => {
  const accounts = new ServiceAccountsPage(page);
  const name = `viewed-${suffix()}`;
  const vera = { email: `menu-viewer-${suffix()}@example.test`, name: "Menu Viewer", role: "viewer" as const, password: "a long viewer password" };
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name });
  await new PeoplePage(page).goto();
  await new PeoplePage(page).addPerson(vera);

  const viewer = await signInFresh(browser, vera);
  const theirs = new ServiceAccountsPage(viewer.page);
  await theirs.menuTrigger(name).click();
  const menu = viewer.page.getByRole("menu");
  await expect(menu).toContainText("Viewers cannot make changes");
  for (const label of ["Edit service account", "Disable service account", "Delete service account"]) {
    await expect(menu.getByRole("menuitem", { name: `${label} ${name}` })).toHaveAttribute("aria-disabled", "true");
  }
  await viewer.context.close();
});
