import type { Page } from "@playwright/test";

/** On the test provider's own login page (tests/support/oidc-provider.ts): any password, the user is the login typed. */
export async function loginAtProvider(page: Page, issuer: string, login: string): Promise<void> {
  await page.waitForURL((url) => url.origin === issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

/** /login → Sign in with Test IdP → the provider's own login page, as `login`. */
export async function signInAtProvider(page: Page, issuer: string, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await loginAtProvider(page, issuer, login);
}
