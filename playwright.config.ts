import { defineConfig } from "@playwright/test";
import { findBrowser } from "./scripts/find-browser.mjs";
import { ADMIN_STATE } from "./e2e/support/admin";

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://127.0.0.1:${PORT}`;
/** The Opik web UI's address the service is given (its /me page links there); nothing listens on it. */
export const OPIK_UI_URL = "http://localhost:3999/";
export const OPIK_URL = "https://opik.example.test/api";

/**
 * Runs against the production build (`npm run build` first; `npm run test:e2e` does both) on a
 * throwaway in-memory PGlite, in Debian's Chromium: Playwright cannot download browsers here.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // npm test sets CHROMIUM_PATH (scripts/find-browser.mjs); `npx playwright test` alone looks for one too.
      executablePath: findBrowser() ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "first-run", testMatch: /first-run\.setup\.ts/ },
    { name: "dashboard", testMatch: /.*\.spec\.ts/, dependencies: ["first-run"], use: { storageState: ADMIN_STATE } },
  ],
  webServer: {
    command: "npm start",
    url: `${baseURL}/login`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      HOST: "127.0.0.1",
      PORT: String(PORT),
      // Key use is written within a fraction of a second, so tests see "Last used" without waiting.
      LAST_USED_FLUSH_MS: "200",
      PGLITE_DIR: "memory://",
      AUTH_SECRET: "e2e-only-secret-not-used-anywhere-else-0123456789",
      DATABASE_URL: "",
      ADMIN_EMAIL: "",
      ADMIN_PASSWORD: "",
      OPIK_UI_URL,
      // The Opik API URL the key reveal's snippet shows (e2e/layout.spec.ts).
      OPIK_URL,
      // Where browsers reach this service (the Opik-host sign-in needs it beside OPIK_UI_URL): the tests' own address.
      AUTH_URL: baseURL,
    },
  },
});
