import { expect, test } from "@playwright/test";
import { accountWithModal, hintOf, opikAuth } from "./support/key-pages";

// Issue 13: Scope in Add key and in the keys list, each checked against what the Opik backend's
// check (`POST /opik/auth`, on the same port) answers for the requests Opik asks about.
const TRACE_BATCH = { path: "/v1/private/traces/batch", requiredPermissions: ["trace_span_thread_log"] };
const PROJECT_LIST = { path: "/v1/private/projects", requiredPermissions: ["project_data_view"] };

test("a Read only key is listed as such; /opik/auth refuses it a trace batch, naming the permission, and grants a project list; Roll key keeps it", async ({ page, request }) => {
  const { ws, name, modal } = await accountWithModal(page, "scope-read");
  const dialog = await modal.openAddKey(name);
  // Ingest only is preselected (issue 27); each choice says what it allows.
  await expect(dialog.getByRole("radio", { name: "Ingest only", exact: true })).toBeChecked();
  await expect(dialog.getByRole("radio", { name: "Ingest only", exact: true })).toHaveAccessibleDescription(/no delete/);
  await expect(dialog.getByRole("note")).toHaveCount(0);

  await modal.chooseScope(name, "Read only");
  await expect(dialog.getByRole("radio", { name: "Read only", exact: true })).toHaveAccessibleDescription(/^Reads projects, datasets/);
  await expect(dialog.getByRole("note")).toContainText("Read only refuses everything Opik checks a permission for");
  const key = await modal.addKey(name, "monitor");
  await modal.dismissReveal(name);
  const hint = hintOf(key);
  await expect(modal.scope(name, hint)).toHaveText("Scope: Read only");
  await expect(modal.item(name, hint).getByTestId("key-permissions")).toHaveCount(0);
  // Add key starts over on Ingest only once the key is made.
  await expect((await modal.openAddKey(name)).getByRole("radio", { name: "Ingest only", exact: true })).toBeChecked();

  const refused = await opikAuth(request, key, ws, TRACE_BATCH);
  expect(refused.status).toBe(401);
  expect(refused.body.msg).toContain('"trace_span_thread_log"');
  expect(refused.body.msg).toContain("Read only");
  expect(refused.body.msg).not.toContain(key);
  expect(await opikAuth(request, key, ws, PROJECT_LIST)).toMatchObject({ status: 200, body: { user: name } });

  // Roll key keeps the scope.
  const fresh = await modal.rollKey(name, hint, "Now");
  await modal.dismissReveal(name);
  await expect(modal.scope(name, hintOf(fresh))).toHaveText("Scope: Read only");
  expect((await opikAuth(request, fresh, ws, TRACE_BATCH)).status).toBe(401);
});

test("a Custom key needs a permission: none ticked is refused inline; with trace_delete it is made and listed as Custom", async ({ page, request }) => {
  const { ws, name, modal } = await accountWithModal(page, "scope-custom");
  const dialog = modal.dialog(name);
  await modal.chooseScope(name, "Custom");
  const checklist = dialog.getByRole("group", { name: "Permissions" });
  // Grouped as Opik groups them, each permission with what it unlocks.
  await expect(checklist.getByRole("group", { name: "Traces, spans and threads" })).toBeVisible();
  await expect(checklist.getByRole("checkbox", { name: "trace_delete", exact: true })).toHaveAccessibleDescription("delete traces");

  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(checklist).toContainText("Choose at least one permission for a custom scope");
  await expect(checklist).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("New API key")).toHaveCount(0);
  await expect(dialog.getByText("No API keys yet")).toBeVisible();
  // The choice stays put after the refusal.
  await expect(dialog.getByRole("radio", { name: "Custom", exact: true })).toBeChecked();

  await modal.chooseScope(name, "Custom", ["trace_delete"]);
  await expect(checklist).toContainText("1 permission chosen");
  const key = await modal.addKey(name, "cleanup");
  await modal.dismissReveal(name);
  const hint = hintOf(key);
  await expect(modal.scope(name, hint)).toHaveText("Scope: Custom");
  // The custom list behind a disclosure, opened by keyboard.
  const permissions = modal.item(name, hint).getByTestId("key-permissions");
  const summary = permissions.locator("summary");
  await expect(summary).toHaveText("Custom scope: 1 permission");
  await expect(permissions.getByRole("listitem")).toBeHidden();
  await summary.focus();
  await page.keyboard.press("Enter");
  await expect(permissions.getByRole("listitem")).toHaveText(["trace_delete: delete traces"]);

  // Exactly what was ticked was posted and stored.
  expect((await opikAuth(request, key, ws, { path: "/v1/private/traces/delete", requiredPermissions: ["trace_delete"] })).status).toBe(200);
  const refused = await opikAuth(request, key, ws, PROJECT_LIST);
  expect(refused.status).toBe(401);
  expect(refused.body.msg).toContain('"project_data_view"');
  expect(refused.body.msg).toContain("Custom");
});

test("a Read masked key (issue 26): listed as such; Opik's permissions lookup reports it without original_data_view, a Read only key with it", async ({ page, request }) => {
  const { ws, name, modal } = await accountWithModal(page, "scope-masked");
  const dialog = modal.dialog(name);
  await modal.chooseScope(name, "Read masked");
  await expect(dialog.getByRole("radio", { name: "Read masked", exact: true })).toHaveAccessibleDescription(/redacted view/);
  const key = await modal.addKey(name, "annotators");
  await modal.dismissReveal(name);
  await expect(modal.scope(name, hintOf(key))).toHaveText("Scope: Read masked");
  const grants = async (k: string) => {
    const response = await request.post("/opik/workspace-permissions", { headers: { Authorization: k }, data: { workspaceName: ws } });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { permissions: { permissionName: string; permissionValue: string }[] };
    return Object.fromEntries(body.permissions.map((p) => [p.permissionName, p.permissionValue]));
  };
  expect(await grants(key)).toMatchObject({ original_data_view: "false", project_data_view: "true", trace_delete: "false" });
  await modal.chooseScope(name, "Read only");
  const readOnly = await modal.addKey(name, "readers");
  await modal.dismissReveal(name);
  expect(await grants(readOnly)).toMatchObject({ original_data_view: "true", project_data_view: "true" });
});
