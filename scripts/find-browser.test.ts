import { describe, expect, it } from "vitest";
import { findBrowser, installCommand } from "./find-browser.mjs";

/** A fake file system: only the listed files exist. */
const fs = (...files: string[]) => (file: string) => files.includes(file);
const PLAYWRIGHT = "/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome";
const noPlaywright = () => null;

describe("findBrowser", () => {
  it("takes CHROMIUM_PATH first, as given", () => {
    expect(findBrowser({ env: { CHROMIUM_PATH: "/opt/chrome" }, platform: "linux", exists: fs("/usr/bin/chromium"), playwright: () => PLAYWRIGHT })).toBe("/opt/chrome");
  });

  it("then Playwright's own Chromium when it is installed", () => {
    expect(findBrowser({ env: {}, platform: "linux", exists: fs(PLAYWRIGHT, "/usr/bin/chromium"), playwright: () => PLAYWRIGHT })).toBe(PLAYWRIGHT);
    // Playwright knows where it would be, but it was never installed: the system's.
    expect(findBrowser({ env: {}, platform: "linux", exists: fs("/usr/bin/chromium"), playwright: () => PLAYWRIGHT })).toBe("/usr/bin/chromium");
  });

  it.each([
    ["Debian", "linux", "/usr/bin/chromium"],
    ["Ubuntu's deb", "linux", "/usr/bin/chromium-browser"],
    ["Ubuntu's snap", "linux", "/snap/bin/chromium"],
    ["Google Chrome on Linux", "linux", "/usr/bin/google-chrome"],
    ["macOS Chrome", "darwin", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"],
    ["macOS Chromium", "darwin", "/Applications/Chromium.app/Contents/MacOS/Chromium"],
  ])("then the system's: %s", (_name, platform, file) => {
    expect(findBrowser({ env: { CHROMIUM_PATH: " " }, platform, exists: fs(file), playwright: noPlaywright })).toBe(file);
  });

  it("nothing there: null (and a Linux path never counts on macOS)", () => {
    expect(findBrowser({ env: {}, platform: "linux", exists: fs(), playwright: noPlaywright })).toBeNull();
    expect(findBrowser({ env: {}, platform: "darwin", exists: fs("/usr/bin/chromium"), playwright: noPlaywright })).toBeNull();
  });
});

describe("installCommand", () => {
  it("Debian's package as root with apt, Playwright's installer otherwise", () => {
    expect(installCommand({ platform: "linux", uid: 0, exists: fs("/usr/bin/apt-get") })[1].join(" ")).toMatch(/apt-get install -y -qq --reinstall chromium/);
    expect(installCommand({ platform: "linux", uid: 1000, exists: fs("/usr/bin/apt-get") })).toEqual(["npx", ["playwright", "install", "chromium"]]);
    expect(installCommand({ platform: "darwin", uid: 501, exists: fs() })).toEqual(["npx", ["playwright", "install", "chromium"]]);
  });
});
