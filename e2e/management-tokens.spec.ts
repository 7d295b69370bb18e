// Issue 17 item 1 in the browser: Settings → Create token (Name, Access, Expires) reveals the token
// once in a field labelled New token; it works on the management API at once; the list shows its
// hint, access and last use, never the token; Revoke token refuses it on the next request.
import { expect, test } from "@playwright/test";
import { rowMenuItem } from "./support/pages";

test("Create token reveals it once; it works on /api/v1/ until Revoke token", async ({ page, request }) => {
  await page.goto("/admin/settings");
  const section = page.getByRole("region", { name: "Management tokens" });
  await section.getByRole("button", { name: "Create token" }).click();
  const dialog = page.getByRole("dialog", { name: "Create token" });
  await dialog.getByRole("button", { name: "Create token" }).click();
  await expect(dialog.getByText("Enter a name that says what uses the token")).toBeVisible();
  await dialog.getByLabel("Name").fill("nightly-roll");
  await dialog.getByLabel("Access").selectOption("write");
  await dialog.getByLabel("Expires").selectOption("30");
  await dialog.getByRole("button", { name: "Create token" }).click();

  const field = dialog.getByLabel("New token");
  await expect(field).toHaveValue(/^samt_[0-9A-Za-z]{46}$/);
  const token = await field.inputValue();
  const api = (method: "GET" | "POST", path: string, data?: unknown) => request.fetch(path, { method, headers: { authorization: `Bearer ${token}` }, data });
  expect((await api("GET", "/api/v1/workspaces")).status()).toBe(200);
  const wsName = `from-token-${Date.now().toString(36)}`;
  const made = await api("POST", "/api/v1/workspaces", { name: wsName });
  expect(made.status()).toBe(201);

  await dialog.getByRole("button", { name: "I have stored the token" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  expect(await page.content()).not.toContain(token);
  const row = section.getByRole("table", { name: "Management tokens" }).getByRole("row").filter({ hasText: "nightly-roll" });
  await expect(row).toContainText(token.slice(0, 9));
  await expect(row).toContainText("Write");
  await expect(row).toContainText("Active");
  await expect(row.getByRole("cell").nth(6)).not.toHaveText("Never");

  await (await rowMenuItem(row, "nightly-roll", "Revoke token nightly-roll")).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke token nightly-roll?" });
  await confirm.getByRole("button", { name: "Revoke token" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  const refused = await api("GET", "/api/v1/workspaces");
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ status: 401, detail: "This management token is revoked" });

  // What the token made is the dashboard's like anything else.
  await page.goto("/admin/workspaces");
  await expect(page.getByRole("table").getByText(wsName)).toBeVisible();
  await page.goto("/admin/audit-log");
  await expect(page.getByRole("table").getByText('token "nightly-roll"').first()).toBeVisible();
});

test("the API reference at /api/v1/docs renders the document from this service alone (no CDN, no CSP violation)", async ({ page, baseURL }) => {
  const outside: string[] = [];
  const errors: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(`${new URL(baseURL!).origin}/`) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { name: /Service Accounts Admin/ })).toBeVisible();
  await expect(page.getByText("/api/v1/service-accounts/{id}/keys").first()).toBeVisible();
  expect(outside).toEqual([]);
  expect(errors).toEqual([]);
});
