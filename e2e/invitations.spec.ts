import { expect, test, type Browser, type Page } from "@playwright/test";
import { chooseWorkspaces, PeoplePage } from "./support/pages";
import { NO_SESSION, signInFresh } from "./support/sessions";

// Issue 27 item 7: Add person invites instead of setting a password; the person sets their own on a
// one-time link, opened in a browser that has never signed in here.
const suffix = () => Math.random().toString(36).slice(2, 8);

/** Add person with Invite; the link, read from the one-time reveal, which is then dismissed. */
async function invite(page: Page, who: { email: string; name: string }): Promise<string> {
  await page.getByRole("button", { name: "Add person" }).click();
  const dialog = page.getByRole("dialog", { name: "Add person" });
  await dialog.getByLabel("Email").fill(who.email);
  await dialog.getByLabel("Name").fill(who.name);
  await dialog.getByLabel("Invite them to choose it").check();
  await expect(dialog.getByLabel("Password", { exact: true })).toHaveCount(0);
  await dialog.getByLabel("Role").selectOption("member");
  await chooseWorkspaces(dialog);
  await dialog.getByRole("button", { name: "Add person" }).click();
  const reveal = dialog.getByRole("region", { name: "One-time reveal" });
  await expect(reveal).toContainText(`send it to ${who.email}`);
  const link = await reveal.getByLabel("Invitation link").inputValue();
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite#[A-Za-z0-9_-]{43}$/);
  await reveal.getByRole("button", { name: "I have sent the link" }).click();
  await expect(dialog).toBeHidden();
  return link;
}

/** Opens the link in a browser of its own (never signed in); the page and its response. */
async function openLink(browser: Browser, link: string) {
  const context = await browser.newContext({ storageState: NO_SESSION });
  const page = await context.newPage();
  const response = await page.goto(link);
  return { context, page, response: response! };
}

test("an invitation: its link, used in a fresh browser, sets the person's password; they sign in with it; the link is refused the second time", async ({ page, browser }) => {
  const people = new PeoplePage(page);
  await people.goto();
  const ines = { email: `ines-${suffix()}@example.test`, name: "Ines Invitee", password: "my own long password 9" };
  const link = await invite(page, ines);
  const row = people.rowFor(ines.email);
  await expect(row).toContainText("Invited");
  await expect(row).toContainText("until");

  const first = await openLink(browser, link);
  // The token is in the fragment (never sent), and the page gives no referrer to anything it links to.
  expect(first.response.url()).not.toContain("#");
  expect(first.response.headers()["referrer-policy"]).toBe("no-referrer");
  const form = first.page.getByRole("form", { name: "Set your password" });
  await expect(form).toContainText(ines.email);
  await form.getByLabel("New password").fill("short");
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(form.getByText("Use at least 12 characters")).toBeVisible();
  await form.getByLabel("New password").fill(ines.password);
  await form.getByRole("button", { name: "Set password" }).click();
  await expect(first.page.getByTestId("invitation-message")).toHaveText("Your password is set. Sign in with it now.");
  await first.page.getByRole("link", { name: "Go to sign-in" }).click();
  await expect(first.page).toHaveURL(/\/login$/);
  await first.context.close();

  const signedIn = await signInFresh(browser, ines, /\/me$/);
  await expect(signedIn.page.getByRole("heading", { name: "Your access" })).toBeVisible();
  await signedIn.context.close();

  const second = await openLink(browser, link);
  await expect(second.page.getByTestId("invitation-message")).toHaveText("This invitation has been used already. Sign in with the password you set.");
  await expect(second.page.getByRole("form", { name: "Set your password" })).toHaveCount(0);
  await second.context.close();

  await page.reload();
  await expect(people.rowFor(ines.email)).not.toContainText("Invited");
  await expect(people.rowFor(ines.email).getByRole("cell").nth(5)).toHaveText("Password");
});

test("Revoke invitation from the row menu: the link stops working at once", async ({ page, browser }) => {
  const people = new PeoplePage(page);
  await people.goto();
  const rio = { email: `rio-${suffix()}@example.test`, name: "Rio Revoked" };
  const link = await invite(page, rio);
  await (await people.menuItem(rio.email, "Revoke invitation")).click();
  const confirm = page.getByRole("alertdialog", { name: `Revoke the invitation of ${rio.email}?` });
  await expect(confirm).toContainText("Its link stops working now");
  await confirm.getByRole("button", { name: "Revoke" }).click();
  await expect(confirm).toBeHidden();
  await expect(people.rowFor(rio.email)).not.toContainText("Invited");
  await people.rowFor(rio.email).getByRole("button", { name: `Actions for ${rio.email}` }).click();
  await expect(page.getByRole("menuitem", { name: `Revoke invitation ${rio.email}` })).toHaveCount(0);
  await page.keyboard.press("Escape");

  const opened = await openLink(browser, link);
  await expect(opened.page.getByTestId("invitation-message")).toHaveText("This invitation was revoked. Ask an admin for a new one.");
  await opened.context.close();
});

test("a link that was never issued gets a clear page, not an error", async ({ browser }) => {
  const opened = await openLink(browser, `/invite#${"A".repeat(43)}`);
  expect(opened.response.status()).toBe(200);
  await expect(opened.page.getByTestId("invitation-message")).toContainText("This invitation link is not valid.");
  await expect(opened.page.getByRole("link", { name: "Go to sign-in" })).toBeVisible();
  await opened.context.close();
});
