import { expect, test } from "@playwright/test";
import { PeoplePage } from "./support/pages";

const suffix = () => Math.random().toString(36).slice(2, 8);

// Issue 26 item 1: See unmasked data in Add person (on by default) and Edit person, stored and shown back.
test("See unmasked data: on by default in Add person; unticked is stored off; Edit person turns it on again", async ({ page }) => {
  const people = new PeoplePage(page);
  const email = `masked-${suffix()}@example.test`;
  await people.goto();
  await page.getByRole("button", { name: "Add person" }).click();
  const add = page.getByRole("dialog", { name: "Add person" });
  const box = add.getByRole("checkbox", { name: "See unmasked data" });
  await expect(box).toBeChecked();
  await expect(box).toHaveAccessibleDescription(/masked trace and dataset content/);
  await page.getByRole("button", { name: "Close" }).click();

  const dialog = await people.submitAddPersonWith({ email, name: "Masked Annotator", role: "member", password: "a long member password" }, async (d) => {
    await d.getByRole("checkbox", { name: "See unmasked data" }).uncheck();
  });
  await expect(dialog).toBeHidden();

  await page.reload();
  const edit = await people.openEdit(email);
  await expect(edit.getByRole("checkbox", { name: "See unmasked data" })).not.toBeChecked();
  await edit.getByRole("checkbox", { name: "See unmasked data" }).check();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();

  await page.reload();
  const again = await people.openEdit(email);
  await expect(again.getByRole("checkbox", { name: "See unmasked data" })).toBeChecked();
});
