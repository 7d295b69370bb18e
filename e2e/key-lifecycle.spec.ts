import { expect, test } from "@playwright/test";
import { accountWithModal, hintOf, KeyLifecycleModal, opikAuth, SettingsPage, suffix } from "./support/key-pages";
import { PeoplePage, ServiceAccountsPage } from "./support/pages";
import { signInFresh } from "./support/sessions";

// Issue 12 items 2–4 in the API keys modal and on Settings, each checked against what the Opik
// backend's check (`POST /opik/auth`, on the same port) answers right after.
test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("Disable key refuses the key on the next /opik/auth, Enable key accepts it again", async ({ page, request }) => {
  const { ws, name, modal } = await accountWithModal(page, "lc-disable");
  const key = await modal.addKey(name, "deploy");
  await modal.dismissReveal(name);
  const hint = hintOf(key);
  await expect(modal.state(name, hint)).toHaveText("active");
  expect((await opikAuth(request, key, ws)).status).toBe(200);

  await modal.confirmKeyAction(name, hint, "Disable key");
  await expect(page.getByText(`API key "deploy" (${hint}) disabled`)).toBeVisible();
  await expect(modal.state(name, hint)).toHaveText("disabled");
  const refused = await opikAuth(request, key, ws);
  expect(refused.status).toBe(401);
  expect(refused.body.msg).toMatch(/is disabled/);
  expect(refused.body.msg).not.toContain(key);

  await modal.enableKey(name, hint);
  await expect(modal.state(name, hint)).toHaveText("active");
  expect(await opikAuth(request, key, ws)).toMatchObject({ status: 200, body: { user: name } });
});

test("Add key asks first: a form on 90 days and Ingest only (Never and Full access offered), repeated by the reveal and the list", async ({ page, request }) => {
  const { ws, name, modal } = await accountWithModal(page, "lc-defaults");
  const dialog = modal.dialog(name);
  // The click opens the form and mints nothing.
  await dialog.getByRole("button", { name: "Add key" }).click();
  const form = dialog.getByRole("form", { name: "Add key" });
  await expect(form).toBeVisible();
  await expect(dialog.getByText("No API keys yet")).toBeVisible();
  await expect(dialog.getByLabel("New API key")).toHaveCount(0);
  // No key policy: 90 days preselected, Never there but not chosen; Ingest only, not Full access.
  await expect(form.getByLabel("Expires")).toHaveValue("90");
  await expect(form.getByLabel("Expires").getByRole("option")).toHaveText(["7 days", "30 days", "90 days", "365 days", "On a date", "Never"]);
  await expect(form.getByRole("radio", { name: "Ingest only", exact: true })).toBeChecked();
  await expect(form.getByRole("radio", { name: "Full access", exact: true })).not.toBeChecked();

  const key = await modal.addKey(name, "ingest-bot");
  await expect(form).toHaveCount(0);
  const summary = dialog.getByTestId("reveal-summary");
  await expect(summary).toContainText("ingest-bot");
  await expect(summary).toContainText("Ingest only");
  const expires = (await summary.locator("dd").nth(2).textContent()) ?? "";
  expect(expires).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  await modal.dismissReveal(name);
  const hint = hintOf(key);
  await expect(modal.scope(name, hint)).toHaveText("Scope: Ingest only");
  await expect(modal.expiry(name, hint)).toHaveText(`expires on ${expires}`);
  const verified = (await (await request.post("/api/v1/keys/verify", { data: { key } })).json()) as { expiresAt: string; scope: { name: string } };
  expect(verified.scope.name).toBe("ingest");
  expect(`${verified.expiresAt.slice(0, 16).replace("T", " ")} UTC`).toBe(expires);
  // Ingest only logs traces.
  expect((await opikAuth(request, key, ws, { path: "/v1/private/traces/batch", requiredPermissions: ["trace_span_thread_log"] })).status).toBe(200);

  // Cancel closes the form and makes nothing; Add key starts over on the defaults.
  const again = await modal.openAddKey(name);
  await modal.chooseScope(name, "Full access");
  await again.getByRole("button", { name: "Cancel" }).click();
  await expect(again).toHaveCount(0);
  await expect(dialog.getByRole("listitem")).toHaveCount(1);
  await expect((await modal.openAddKey(name)).getByRole("radio", { name: "Ingest only", exact: true })).toBeChecked();
});

test("Add key with Expires: 7 days is marked in the list; a date in the past is refused inline", async ({ page, request }) => {
  const { ws, name, modal } = await accountWithModal(page, "lc-expires");
  const dialog = modal.dialog(name);
  const form = await modal.openAddKey(name);
  await form.getByLabel("Expires").selectOption({ label: "On a date" });
  await form.getByLabel("Expiry date").fill("2020-01-01");
  await form.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Choose a date after today")).toBeVisible();
  await expect(form.getByLabel("Expiry date")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText("No API keys yet")).toBeVisible();

  const key = await modal.addKeyExpiring(name, "weekly", "7 days");
  await modal.dismissReveal(name);
  await expect(modal.state(name, hintOf(key))).toHaveText("active");
  await expect(modal.expiry(name, hintOf(key))).toHaveText("expires in 7 days");
  expect((await opikAuth(request, key, ws)).status).toBe(200);
  const verified = await request.post("/api/v1/keys/verify", { data: { key } });
  expect(((await verified.json()) as { expiresAt: string | null }).expiresAt).toMatch(/^\d{4}-\d\d-\d\dT/);

  const never = await modal.addKeyExpiring(name, "forever", "Never");
  await expect(dialog.getByTestId("reveal-summary")).toContainText("Never");
  await modal.dismissReveal(name);
  await expect(modal.expiry(name, hintOf(never))).toHaveText("never expires");

  // The Service Accounts table marks the account: one of its keys stops working within 7 days.
  await page.goto("/admin/service-accounts");
  await expect(new ServiceAccountsPage(page).rowFor(name).getByText("Key expires soon")).toBeVisible();
});

test("Roll key with a 1-hour grace: both keys work, side by side; End grace period now refuses the old one", async ({ page, request }) => {
  const { ws, name, modal } = await accountWithModal(page, "lc-roll");
  const dialog = modal.dialog(name);
  const old = await modal.addKeyExpiring(name, "deploy", "30 days");
  await modal.dismissReveal(name);
  const oldHint = hintOf(old);

  const fresh = await modal.rollKey(name, oldHint, "1 hour");
  // The same one-time reveal as Add key: Copy key, the snippet, the warning.
  await expect(dialog).toContainText("will not be shown again");
  await expect(dialog).toContainText(`This key replaces "deploy" (${oldHint})`);
  await expect(dialog.getByTestId("usage-snippet")).toContainText(`OPIK_API_KEY=${fresh}`);
  await dialog.getByRole("button", { name: "Copy key" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(fresh);
  await modal.dismissReveal(name);
  const freshHint = hintOf(fresh);

  // Both valid during the grace period.
  expect((await opikAuth(request, old, ws)).status).toBe(200);
  expect((await opikAuth(request, fresh, ws)).status).toBe(200);
  // The new key (name and expiry rule inherited) sits right above the one it replaced.
  const items = dialog.getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0).getByTestId("key-hint")).toHaveText(freshHint);
  await expect(items.nth(1).getByTestId("key-hint")).toHaveText(oldHint);
  await expect(items.nth(0)).toContainText("deploy");
  await expect(items.nth(0)).toContainText(`Replaces ${oldHint}`);
  await expect(modal.expiry(name, freshHint)).toHaveText("expires in 30 days");
  await expect(modal.state(name, oldHint)).toHaveText(/^stops working in (1 hour|59 minutes) \(rolled\)$/);
  // Neither can be rolled again while the old one works (a second roll is refused).
  await expect(modal.item(name, oldHint).getByRole("button", { name: "Roll key" })).toHaveCount(0);
  await expect(modal.item(name, freshHint).getByRole("button", { name: "Roll key" })).toHaveCount(0);
  // Both show their last use (written within a fraction of a second in tests): the clients' switch is visible.
  await expect(async () => {
    await page.reload();
    await expect(modal.item(name, oldHint)).toContainText("Last used", { timeout: 1000 });
    await expect(modal.item(name, freshHint)).toContainText("Last used", { timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  await modal.confirmKeyAction(name, oldHint, "End grace period now");
  await expect(modal.state(name, oldHint)).toHaveText("expired");
  await expect(modal.expiry(name, oldHint)).toContainText("rolled; stopped working on");
  const refused = await opikAuth(request, old, ws);
  expect(refused.status).toBe(401);
  expect(refused.body.msg).toMatch(/was rolled/);
  expect((await opikAuth(request, fresh, ws)).status).toBe(200);
  await expect(modal.item(name, oldHint).getByRole("button", { name: "End grace period now" })).toHaveCount(0);
  await expect(modal.item(name, freshHint).getByRole("button", { name: "Roll key" })).toBeVisible();

  // A grace period running out is the roll going as planned: the table does not say "Key expires soon".
  await modal.rollKey(name, freshHint, "1 hour");
  await modal.dismissReveal(name);
  await expect(modal.state(name, freshHint)).toHaveText(/^stops working in/);
  await page.goto("/admin/service-accounts");
  await expect(new ServiceAccountsPage(page).rowFor(name)).toBeVisible();
  await expect(new ServiceAccountsPage(page).rowFor(name).getByText("Key expires soon")).toHaveCount(0);
});

test("Settings as admin: a maximum lifetime takes Never out of Add key; an inconsistent default is refused inline", async ({ page }) => {
  const settings = new SettingsPage(page);
  await page.goto("/admin/service-accounts");
  await settings.goto();
  await expect(page).toHaveURL(/\/admin\/settings$/);
  try {
    await settings.submitPolicy("30", "60");
    await expect(page.getByText("The default expiry must be at most the maximum lifetime (30 days)")).toBeVisible();
    await expect(settings.defaultExpiry).toHaveAttribute("aria-invalid", "true");
    await expect(settings.defaultExpiry).toHaveValue("60");

    await settings.submitPolicy("90", "30");
    await expect(page.getByText(/^Key policy saved/)).toBeVisible();
    await page.reload();
    await expect(settings.maximum).toHaveValue("90");
    await expect(settings.defaultExpiry).toHaveValue("30");

    const name = `lc-policy-${suffix()}`;
    const accounts = new ServiceAccountsPage(page);
    await accounts.goto();
    await accounts.createServiceAccount({ name });
    const modal = new KeyLifecycleModal(page);
    await modal.open(name);
    const expires = (await modal.openAddKey(name)).getByLabel("Expires");
    await expect(expires).toHaveValue("30");
    await expect(expires.getByRole("option")).toHaveText(["7 days", "30 days (default)", "90 days", "On a date"]);
    await expect(modal.dialog(name)).toContainText("The key policy allows keys of at most 90 days.");
    const key = await modal.addKey(name, "policy");
    await modal.dismissReveal(name);
    await expect(modal.expiry(name, hintOf(key))).toHaveText("expires in 30 days");
  } finally {
    await page.goto("/admin/settings");
    await settings.submitPolicy("", "");
    await expect(page.getByText(/^Key policy saved/).first()).toBeVisible();
  }
});

test("a viewer reads Settings and the keys list, with a read-only notice and disabled controls", async ({ page, browser }) => {
  const vera = { email: `policy-viewer-${suffix()}@example.test`, name: "Vera Viewer", role: "viewer" as const, password: "a long viewer password" };
  const { name, modal } = await accountWithModal(page, "lc-viewer");
  const key = await modal.addKey(name, "seen");
  await modal.dismissReveal(name);
  const people = new PeoplePage(page);
  await people.goto();
  await people.addPerson(vera);

  const viewer = await signInFresh(browser, vera);
  const settings = new SettingsPage(viewer.page);
  await settings.goto();
  await expect(viewer.page.getByRole("note", { name: "Read-only access" })).toContainText("change nothing");
  await expect(settings.maximum).toBeDisabled();
  await expect(settings.defaultExpiry).toBeDisabled();
  await expect(viewer.page.getByRole("button", { name: "Save" })).toBeDisabled();

  await new ServiceAccountsPage(viewer.page).goto();
  const readOnly = new KeyLifecycleModal(viewer.page);
  await readOnly.open(name);
  await expect(readOnly.dialog(name).getByRole("note")).toContainText("Read-only");
  await expect(readOnly.dialog(name).getByRole("button", { name: "Add key" })).toHaveCount(0);
  for (const action of ["Roll key", "Disable key", "Delete key"]) {
    await expect(readOnly.item(name, hintOf(key)).getByRole("button", { name: action })).toBeDisabled();
  }
  await viewer.context.close();
});
