import { expect, test, type Page } from "@playwright/test";
import { readRateLimitConfig } from "../lib/rate-limit/config";
import { ADMIN } from "./support/admin";

// The server inherits this process's environment (playwright.config.ts), so this is its limit.
const LOGIN_FAILURES = readRateLimitConfig().signIn.failures;

/** Every Content-Security-Policy violation the browser reports on `page`. */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test("the dashboard works under its Content-Security-Policy, and the session cookie is HttpOnly and SameSite=Lax", async ({ page, context }) => {
  const violations = cspViolations(page);
  const response = await page.goto("/admin/service-accounts");
  expect(response?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  // Hydrated: a client component opens its dialog.
  await page.getByRole("button", { name: "Create service account" }).first().click();
  await expect(page.getByRole("dialog", { name: "Create service account" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("link", { name: "Workspaces" }).click();
  await expect(page.getByRole("heading", { name: "Workspaces" })).toBeVisible();
  expect(violations).toEqual([]);
  // The policy is enforced (and reported): an image from another origin is refused.
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "http://192.0.2.1/tracker.png";
    document.body.append(img);
  });
  await expect.poll(() => violations.join("\n")).toContain("192.0.2.1");

  const session = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test.describe("sign-in limit", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test(`after ${LOGIN_FAILURES} wrong passwords for one email, the form says how long to wait; another email still signs in`, async ({ page }) => {
    test.skip(LOGIN_FAILURES === 0, "LOGIN_RATE_LIMIT_FAILURES=0 turns the sign-in limit off");
    const email = `guess-${Math.random().toString(36).slice(2, 8)}@example.test`;
    await page.goto("/login");
    for (let i = 0; i < LOGIN_FAILURES; i++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(`wrong password ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
    }
    await page.getByLabel("Password").fill("another guess");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText(/^Too many failed sign-ins for this email from your address\. Try again in \d+ (minutes?|seconds?)\.$/);

    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin\/service-accounts$/);
  });
});
