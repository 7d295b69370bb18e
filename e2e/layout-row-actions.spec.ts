import { expect, test, type Locator, type Page } from "@playwright/test";
import { KeyLifecycleModal } from "./support/key-pages";
import { PeoplePage, ServiceAccountsPage, WorkspacesPage } from "./support/pages";

// Issue 27 item 3 and issue 26 item 7: every row action of every table is reached without
// scrolling sideways, at 1280 and 390 px. At 1280 px each table fits its card (its scroll box
// does not scroll). At 390 px a wide table may scroll inside its box, but the actions column is
// sticky at the box's right edge: the row menu's "…" is in view with the box scrolled fully left,
// and every item of the open menu is in view too. The Manage API keys list wraps its buttons.
const suffix = () => Math.random().toString(36).slice(2, 8);
const WIDTHS = [1280, 390] as const;

/** The table's scroll box (the focusable region around the table). */
const scrollBoxOf = (table: Locator) => table.locator("xpath=..");

/** Brings `row` into view by scrolling the window vertically only (never the table's box sideways). */
async function scrollRowIntoView(row: Locator) {
  await row.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 120));
}

async function expectNoSidewaysScroll(page: Page, table: Locator, width: number, what: string) {
  const box = await scrollBoxOf(table).evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, scrollLeft: el.scrollLeft }));
  expect(box.scrollLeft, `${what} at ${width} px: the table was scrolled`).toBe(0);
  if (width >= 1280) expect(box.scrollWidth, `${what} at ${width} px: the table is wider than its card`).toBeLessThanOrEqual(box.clientWidth);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), `${what}: the page scrolls sideways`).toBe(true);
}

/** Opens the row's menu without any sideways scrolling and sees each of `items` (accessible names) in view. */
async function reachRowMenu(page: Page, table: Locator, row: Locator, target: string, items: string[], width: number) {
  await scrollRowIntoView(row);
  await expectNoSidewaysScroll(page, table, width, target);
  const trigger = row.getByRole("button", { name: `Actions for ${target}` });
  await expect(trigger, `the row menu of ${target} at ${width} px`).toBeInViewport({ ratio: 1 });
  await trigger.click();
  for (const name of items) await expect(page.getByRole("menuitem", { name }), `${name} at ${width} px`).toBeInViewport({ ratio: 1 });
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expectNoSidewaysScroll(page, table, width, target);
}

test("every row action of every table is reached without scrolling sideways, at 1280 and 390 px", async ({ page }) => {
  test.setTimeout(180_000);
  const ws = `reach-ws-${suffix()}`;
  const account = `reach-account-${suffix()}`;
  const email = `reach-person-${suffix()}@example.test`;
  const token = `reach-token-${suffix()}`;
  const group = `reach-group-${suffix()}`;

  await page.goto("/admin/workspaces");
  await new WorkspacesPage(page).createWorkspace(ws);
  const accounts = new ServiceAccountsPage(page);
  await accounts.goto();
  await accounts.createServiceAccount({ name: account, defaultWorkspace: ws, authorized: [ws] });
  await accounts.rowFor(account).getByRole("button", { name: `Manage API keys of ${account}` }).click();
  const modal = new KeyLifecycleModal(page);
  await modal.addKey(account);
  await modal.dismissReveal(account);
  await page.keyboard.press("Escape");
  await expect(modal.dialog(account)).toHaveCount(0);
  const people = new PeoplePage(page);
  await people.goto();
  await people.addPerson({ email, name: "Reach Person With A Rather Long Name", role: "member", password: "a long reach password", defaultWorkspace: ws, authorized: [ws] });

  await page.goto("/admin/settings");
  const tokens = page.getByRole("region", { name: "Management tokens" }).first();
  await tokens.getByRole("button", { name: "Create token" }).click();
  const create = page.getByRole("dialog", { name: "Create token" });
  await create.getByLabel("Name").fill(token);
  await create.getByRole("button", { name: "Create token" }).click();
  await create.getByRole("button", { name: "I have stored the token" }).click();
  await expect(create).toBeHidden();
  const mappings = page.getByRole("region", { name: "Group mappings" }).first();
  await mappings.getByRole("button", { name: "Add mapping" }).click();
  const add = page.getByRole("dialog", { name: "Add mapping" });
  await add.getByLabel("Group").fill(group);
  await add.getByRole("checkbox", { name: ws, exact: true }).check();
  await add.getByRole("button", { name: "Add mapping" }).click();
  await expect(add).toBeHidden();

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 844 });

    await page.goto("/admin/service-accounts");
    const saTable = page.getByRole("table", { name: "Service accounts" });
    await expect(accounts.rowFor(account).getByRole("button", { name: `Manage API keys of ${account}` })).toBeInViewport({ ratio: 1 });
    await reachRowMenu(page, saTable, accounts.rowFor(account), account, ["Edit service account", "Disable service account", "Delete service account"].map((l) => `${l} ${account}`), width);

    // Manage API keys: the key's buttons wrap inside the dialog, none is beyond its edge.
    await accounts.rowFor(account).getByRole("button", { name: `Manage API keys of ${account}` }).click();
    const dialog = modal.dialog(account);
    const key = dialog.getByRole("list", { name: "API keys" }).getByRole("listitem").first();
    const buttons = key.getByRole("button");
    await expect(buttons.filter({ hasText: "Delete key" })).toBeVisible();
    expect(await buttons.count()).toBeGreaterThanOrEqual(3);
    for (const b of await buttons.all()) {
      await b.evaluate((el) => el.scrollIntoView({ block: "nearest", inline: "nearest" }));
      await expect(b, `${await b.getAttribute("aria-label")} at ${width} px`).toBeInViewport({ ratio: 1 });
    }
    expect(await dialog.evaluate((el) => el.scrollWidth <= el.clientWidth), `the keys dialog scrolls sideways at ${width} px`).toBe(true);
    await page.keyboard.press("Escape");
    await expect(dialog).toHaveCount(0);

    await people.goto();
    await reachRowMenu(
      page,
      page.getByRole("table", { name: "People" }),
      people.rowFor(email),
      email,
      ["Edit person", "Reset password", "Sign out everywhere", "Disable person", "Remove person"].map((l) => `${l} ${email}`),
      width,
    );

    await page.goto("/admin/workspaces");
    await reachRowMenu(page, page.getByRole("table", { name: "Workspaces" }), new WorkspacesPage(page).rowFor(ws), ws, [`Delete workspace ${ws}`], width);

    await page.goto("/admin/settings");
    const tokenTable = page.getByRole("table", { name: "Management tokens" });
    await reachRowMenu(page, tokenTable, tokenTable.getByRole("row").filter({ hasText: token }), token, [`Revoke token ${token}`], width);
    const mappingTable = page.getByRole("table", { name: "Group mappings" });
    await reachRowMenu(page, mappingTable, mappingTable.getByRole("row").filter({ hasText: group }), group, [`Edit mapping of ${group}`, `Remove mapping of ${group}`], width);

    // The audit log has no row actions, only each event's Details disclosure (event data, in the
    // Target column): it fits at 1280 px with Details in view; at 390 px the log scrolls in its box.
    await page.goto("/admin/audit-log");
    const audit = page.getByRole("table", { name: "Audit events" });
    const event = audit.getByRole("row").filter({ hasText: group }).first();
    await scrollRowIntoView(event);
    await expectNoSidewaysScroll(page, audit, width, "audit log");
    if (width >= 1280) await expect(event.getByText("Details", { exact: true }), `the audit Details at ${width} px`).toBeInViewport({ ratio: 1 });
  }
});
