import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";

/** Storage state of a browser that has never signed in. */
export const NO_SESSION = { cookies: [], origins: [] };

/**
 * Signs in through /login in a browser of its own: a session of its own, so signing it out never
 * touches the shared one the other specs use (ADMIN_STATE). A member lands on /me.
 */
export async function signInFresh(
  browser: Browser,
  who: { email: string; password: string },
  lands: RegExp = /\/admin\/service-accounts$/,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: NO_SESSION });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(lands);
  return { context, page };
}

/** A new browser holding copies of `context`'s cookies, as someone who copied the session cookie would. */
export async function browserWithCookiesOf(browser: Browser, context: BrowserContext): Promise<BrowserContext> {
  const copy = await browser.newContext({ storageState: NO_SESSION });
  await copy.addCookies(await context.cookies());
  return copy;
}
