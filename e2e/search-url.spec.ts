import { expect, test } from "@playwright/test";
import { suffix } from "./support/key-pages";
import { ServiceAccountsPage } from "./support/pages";

// Issue 27 item 5: the search box and the URL agree, and the table does not re-render under an
// open row menu. Before: the sidebar's Service Accounts link dropped ?q=, the box wrote its old
// value back 250 ms later, and the re-render closed a row menu opened in that moment.

test("the sidebar's Service Accounts clears the search for good, and a row menu opened at once stays open", async ({ page }) => {
  const name = `search-url-${suffix()}`;
  const accounts = new ServiceAccountsPage(page);
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name });
  await accounts.search(name);
  await expect(accounts.rowFor(name)).toBeVisible();

  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Service Accounts" }).click();
  await expect(page).toHaveURL(/\/admin\/service-accounts$/);
  // The box follows the URL: nothing is left in it to write back.
  await expect(page.getByLabel("Search service accounts")).toHaveValue("");
  // The newest account is on the first page of the whole list: its menu, opened right away, stays
  // open until its item is chosen.
  await accounts.menuTrigger(name).click();
  const del = page.getByRole("menuitem", { name: `Delete service account ${name}` });
  await expect(del).toBeVisible();
  await del.click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(name);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/admin\/service-accounts$/);
  await expect(page.getByLabel("Search service accounts")).toHaveValue("");
});

test("a row menu stays open while the page re-renders under it (a search landing)", async ({ page }) => {
  const name = `search-menu-${suffix()}`;
  const accounts = new ServiceAccountsPage(page);
  await page.goto("/admin/service-accounts");
  await accounts.createServiceAccount({ name });
  await expect(accounts.rowFor(name)).toBeVisible();
  // Typing, then opening the row's menu before the debounced search lands: the server's new rows
  // (the same account) arrive while the menu is open.
  await page.getByLabel("Search service accounts").fill(name);
  await accounts.menuTrigger(name).click();
  const edit = page.getByRole("menuitem", { name: `Edit service account ${name}` });
  await expect(edit).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${name}`));
  await expect(page.getByRole("table", { name: "Service accounts" })).not.toHaveAttribute("aria-busy", "true");
  await expect(edit).toBeVisible();
  await edit.click();
  await expect(page.getByRole("dialog", { name: `Edit service account ${name}` })).toBeVisible();
});
