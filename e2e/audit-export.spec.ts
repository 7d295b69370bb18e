import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { ADMIN } from "./support/admin";
import { suffix } from "./support/key-pages";
import { PeoplePage, WorkspacesPage } from "./support/pages";
import { signInFresh } from "./support/sessions";

// Issue 27 item 5: the audit log says "people", shows client addresses in one form, keeps rows one
// or two lines tall with the codes behind Details, and exports the filtered events as CSV.

const rowsOf = (csv: string) => csv.split("\r\n").filter(Boolean);

test("rows are one or two lines; people are people; the address is 127.0.0.1, not ::ffff:127.0.0.1", async ({ page }) => {
  const ws = `audit-rows-${suffix()}`;
  await page.goto("/admin/workspaces");
  await new WorkspacesPage(page).createWorkspace(ws);
  await page.goto(`/admin/audit-log?target=${ws}`);
  await expect(page.getByText("Every change to workspaces, service accounts, API keys and people")).toBeVisible();
  const events = page.getByRole("table", { name: "Audit events" });
  const row = events.getByRole("row").filter({ hasText: "Workspace created" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").last()).toHaveText(/^\d{1,3}(\.\d{1,3}){3}$|^[0-9a-f:]+$/);
  await expect(row).not.toContainText("::ffff:");
  await expect(row.getByText("workspace.create")).toBeHidden();
  // One or two lines of text: no taller than two line boxes of the table's text.
  const height = (await row.boundingBox())!.height;
  const line = await row.getByRole("cell").first().evaluate((cell) => parseFloat(getComputedStyle(cell).lineHeight));
  expect(height).toBeLessThanOrEqual(2 * line + 24);
  await row.getByText("Details").click();
  await expect(row.getByText("workspace.create")).toBeVisible();

  await page.goto(`/admin/audit-log?action=administrator.create`);
  const added = events.getByRole("row").filter({ hasText: "Person added" }).first();
  await expect(added.getByText("person", { exact: true })).toBeVisible();
  await expect(events).not.toContainText("administrator ·");
});

test("Export CSV downloads the filtered events, every page, formulas defused", async ({ page, browser }) => {
  // A person whose email (the event's target) a spreadsheet would run as a formula: "-…" is valid.
  const evil = { email: `-2+csv-${suffix()}@example.test`, name: "Formula Person", role: "viewer" as const, password: "a long viewer password" };
  const people = new PeoplePage(page);
  await people.goto();
  await people.addPerson(evil);

  await page.goto(`/admin/audit-log?action=administrator.create&target=${encodeURIComponent(evil.email)}`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("audit-log.csv");
  const csv = await readFile((await file.path())!, "utf8");
  const lines = rowsOf(csv);
  expect(lines[0]).toBe('"Time (UTC)","Actor","Action","Action code","Target type","Target","Target id","Client address","Details"');
  expect(lines).toHaveLength(2);
  // The target is defused with a leading apostrophe; no cell starts with a formula character.
  expect(lines[1]).toContain(`"${ADMIN.email}","Person added","administrator.create","person","'${evil.email}"`);
  expect(lines[1]).not.toContain("::ffff:");
  expect(lines[1]).not.toMatch(/(^|,)"[=+\-@]/);

  // Every page, not only the one shown: as many events as the pagination counts (none are added meanwhile: one worker).
  await page.goto("/admin/audit-log?size=20");
  const range = await page.getByText(/^\d+–\d+ of \d+$/).textContent();
  const total = Number(range!.split(" of ")[1]);
  const all = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const allLines = rowsOf(await readFile((await (await all).path())!, "utf8"));
  expect(allLines).toHaveLength(total + 1);

  // A viewer may read the audit log, so may export it.
  const viewer = await signInFresh(browser, evil);
  const response = await viewer.page.request.get(`/admin/audit-log/export?action=administrator.create&target=${encodeURIComponent(evil.email)}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
  expect(rowsOf(await response.text())).toHaveLength(2);
  await viewer.context.close();
});
