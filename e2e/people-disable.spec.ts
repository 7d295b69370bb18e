import { expect, test } from "@playwright/test";
import { PeoplePage } from "./support/pages";
import { signInFresh } from "./support/sessions";

const suffix = () => Math.random().toString(36).slice(2, 8);

test("Disable person signs them out at once and refuses their sign-in with a reason; Enable lets them back in", async ({ page, browser }) => {
  const people = new PeoplePage(page);
  const dora = { email: `dora-${suffix()}@example.test`, name: "Dora Member", role: "member" as const, password: "a long member password" };
  await people.goto();
  await people.addPerson(dora);
  const member = await signInFresh(browser, dora, /\/me$/);

  const row = people.rowFor(dora.email);
  await (await people.menuItem(dora.email, "Disable person")).click();
  const confirm = page.getByRole("alertdialog", { name: `Disable person ${dora.email}?` });
  await confirm.getByRole("button", { name: "Disable" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Disabled");

  // Their open session ended with the change: the next page load is the sign-in page.
  await member.page.reload();
  await expect(member.page).toHaveURL(/\/login/);
  await member.page.getByLabel("Email").fill(dora.email);
  await member.page.getByLabel("Password").fill(dora.password);
  await member.page.getByRole("button", { name: "Sign in" }).click();
  await expect(member.page.getByText("This account is disabled. Ask an admin to enable it.")).toBeVisible();

  await (await people.menuItem(dora.email, "Enable person")).click();
  const enable = page.getByRole("alertdialog", { name: `Enable person ${dora.email}?` });
  await enable.getByRole("button", { name: "Enable" }).click();
  await expect(enable).toBeHidden();
  await expect(row).not.toContainText("Disabled");
  await member.context.close();
  const again = await signInFresh(browser, dora, /\/me$/);
  await again.context.close();
});
