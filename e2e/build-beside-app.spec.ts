import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { expect, test } from "@playwright/test";

// Issue 14 item 10: `npm test` builds while the Quick start's app keeps running. The tests build
// into their own folder (scripts/test.mjs sets NEXT_DIST_DIR, next.config.ts reads it), so a
// running app keeps the chunks it serves. Here the app under test plays the running app, and a
// second production build into a folder of its own plays `npm test`'s: during and after it, the
// page's own chunks still load and the page still works.
const BESIDE = ".next-beside-app";

function build(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["next", "build"], { env: { ...process.env, NEXT_DIST_DIR: BESIDE }, stdio: "ignore" });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

test.afterAll(() => rmSync(BESIDE, { recursive: true, force: true }));

test("npm test builds into a folder of its own, and a build there leaves a running app interactive", async ({ page, request }) => {
  test.setTimeout(300_000);
  // The folder npm test builds into is not the one `npm run app` serves (.next).
  expect(readFileSync("scripts/test.mjs", "utf8")).toMatch(/process\.env\.NEXT_DIST_DIR \|\|= "\.next-test"/);
  expect(readFileSync("next.config.ts", "utf8")).toMatch(/distDir: process\.env\.NEXT_DIST_DIR \|\| "\.next"/);

  await page.goto("/admin/service-accounts");
  const chunks = await page.evaluate(() => [...document.querySelectorAll("script[src]")].map((s) => (s as HTMLScriptElement).src).filter((src) => src.includes("/_next/static/")));
  expect(chunks.length).toBeGreaterThan(0);
  const before = await Promise.all(chunks.map(async (url) => (await request.get(url)).body()));

  expect(await build()).toBe(0);

  for (const [i, url] of chunks.entries()) {
    const after = await request.get(url);
    expect(after.status(), url).toBe(200);
    expect((await after.body()).equals(before[i]!), url).toBe(true);
  }
  // Still interactive: a dialog opens (client code), and a navigation renders the next page.
  await page.getByRole("button", { name: "Create service account" }).first().click();
  await expect(page.getByRole("dialog", { name: "Create service account" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.getByRole("link", { name: "Workspaces" }).click();
  await expect(page.getByRole("heading", { name: "Workspaces", exact: true })).toBeVisible();
});
