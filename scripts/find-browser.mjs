// Finding a Chromium for the browser tests (Playwright and the outage test), on any machine:
// CHROMIUM_PATH, then Playwright's own installed Chromium, then the usual system places. When none
// is there, one is installed where that is possible (Debian's package as root with apt; otherwise
// Playwright's installer); failing that, one line says what to run. Playwright never downloads a
// browser by itself here (machines without internet have Debian's package).
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";

/** Where browsers usually are, by platform, in the order they are tried. */
export const SYSTEM_BROWSERS = {
  linux: [
    "/usr/bin/chromium", // Debian
    "/usr/bin/chromium-browser", // Ubuntu, Fedora
    "/snap/bin/chromium", // Ubuntu's snap
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
  ],
  darwin: [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
  ],
};

/** Playwright's own Chromium (what `npx playwright install chromium` put there), or null. */
export function playwrightChromium() {
  try {
    const require = createRequire(import.meta.url);
    return require("playwright-core").chromium.executablePath() || null;
  } catch {
    return null;
  }
}

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The browser to use, or null. `CHROMIUM_PATH` is taken as given when set (a wrong path is the
 * caller's to see fail); the rest only when the file is there.
 */
export function findBrowser({ env = process.env, platform = process.platform, exists = isExecutable, playwright = playwrightChromium } = {}) {
  const chosen = env.CHROMIUM_PATH?.trim();
  if (chosen) return chosen;
  const own = playwright();
  if (own && exists(own)) return own;
  return (SYSTEM_BROWSERS[platform] ?? []).find((file) => exists(file)) ?? null;
}

/** How a browser can be installed here, or null: Debian's package as root with apt, else Playwright's installer. */
export function installCommand({ platform = process.platform, uid = process.getuid?.(), exists = isExecutable } = {}) {
  if (platform === "linux" && uid === 0 && exists("/usr/bin/apt-get")) {
    return ["sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall chromium"]];
  }
  return ["npx", ["playwright", "install", "chromium"]];
}

export const NO_BROWSER_MESSAGE =
  "No Chromium found for the browser tests: run `npx playwright install chromium` (or `sudo apt-get install chromium` on Debian/Ubuntu, or install Google Chrome on macOS), or set CHROMIUM_PATH to a Chrome or Chromium binary.";

/** findBrowser, installing one when none is found; exits with NO_BROWSER_MESSAGE when that fails too. */
export function ensureBrowser() {
  const found = findBrowser();
  if (found) return found;
  const [command, args] = installCommand();
  console.log(`No Chromium found: installing one (${command} ${args.join(" ")})`);
  spawnSync(command, args, { stdio: "inherit" });
  const installed = findBrowser();
  if (installed) return installed;
  console.error(NO_BROWSER_MESSAGE);
  process.exit(1);
}
