import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type { BackendAnswer, RecordedRequest } from "../../tests/support/opik-standin";
import type { Deployment, Person } from "../../tests/support/opik-deployment";
import { rowMenuItem } from "./pages";
import { NO_SESSION } from "./sessions";

/**
 * Steps of e2e/opik-web-ui.spec.ts, in the words of a person using Opik's web UI behind the proxy
 * (the stand-in Opik's page shows what its API call returned: `#api-status`, `#api-body`).
 */
export async function newBrowser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: NO_SESSION });
  return { context, page: await context.newPage() };
}

/** Fills the service's own sign-in form (the browser is on its /login). */
export async function fillSignIn(page: Page, who: Person): Promise<void> {
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The browser was sent to sign in: the service's own /login, on the service's host. */
export async function expectOnSignIn(page: Page, d: Deployment): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${escape(d.serviceUrl)}/login\\?`));
}

/** Opens `path` on the Opik host without a session: sign-in on the service's host, then back on `path`. */
export async function signInThroughOpik(page: Page, d: Deployment, who: Person, path = "/default/projects"): Promise<void> {
  await page.goto(`${d.opikUrl}${path}`);
  await expectOnSignIn(page, d);
  await fillSignIn(page, who);
  await expect(page).toHaveURL(`${d.opikUrl}${path}`);
}

/** What the page's API call got: its status, and the backend's answer when it was 200. */
export async function apiResult(page: Page): Promise<{ status: number; answer: BackendAnswer | null }> {
  const status = page.locator("#api-status");
  await expect(status).toHaveText(/^\d{3}$/);
  const code = Number(await status.textContent());
  const body = (await page.locator("#api-body").textContent()) ?? "";
  return { status: code, answer: code === 200 ? (JSON.parse(body) as BackendAnswer) : null };
}

/** The same API call the page makes, made again from the page (the browser's cookies, no navigation). */
export function callApiFromPage(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const response = await fetch("/api/v1/private/projects", { headers: { "Comet-Workspace": "default" }, credentials: "include" });
    return response.status;
  });
}

/** The backend requests recorded from now on: call `since()` later. */
export function backendCalls(d: Deployment): { since: () => RecordedRequest[] } {
  const start = d.opik.backendRequests.length;
  return { since: () => d.opik.backendRequests.slice(start) };
}

/** An administrator's browser on the service's own host, on the People page. */
export async function adminOnPeoplePage(browser: Browser, d: Deployment): Promise<Page> {
  const { page } = await newBrowser(browser);
  await page.goto(`${d.serviceUrl}/login`);
  await fillSignIn(page, d.fixtures.admin);
  await expect(page).toHaveURL(new RegExp(`^${escape(d.serviceUrl)}/admin/`));
  await page.goto(`${d.serviceUrl}/admin/people`);
  await expect(page.getByRole("heading", { name: "People" })).toBeVisible();
  return page;
}

export async function removePerson(admin: Page, email: string): Promise<void> {
  await (await rowMenuItem(admin.getByRole("row").filter({ hasText: email }), email, `Remove person ${email}`)).click();
  const confirm = admin.getByRole("alertdialog", { name: `Remove person ${email}?` });
  await confirm.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(admin.getByRole("row").filter({ hasText: email })).toHaveCount(0);
}

export async function resetPassword(admin: Page, email: string, password: string): Promise<void> {
  await (await rowMenuItem(admin.getByRole("row").filter({ hasText: email }), email, `Reset password ${email}`)).click();
  const dialog = admin.getByRole("dialog", { name: `Reset password of ${email}` });
  await dialog.getByLabel("New password").fill(password);
  await dialog.getByRole("button", { name: "Reset password" }).click();
  await expect(dialog).toBeHidden();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
