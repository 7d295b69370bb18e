import { describe, expect, it } from "vitest";
import { opikSignInUrl, readAccessSettings, signInUrl, targetUnderOpikUi } from "./settings";

const settings = readAccessSettings({ OPIK_UI_URL: "http://localhost:8080", AUTH_URL: "http://127.0.0.1:3000" })!;

describe("readAccessSettings", () => {
  it("is off without OPIK_UI_URL and needs AUTH_URL with it", () => {
    expect(readAccessSettings({})).toBeNull();
    expect(() => readAccessSettings({ OPIK_UI_URL: "http://localhost:8080" })).toThrow(/AUTH_URL/);
  });
  it.each([
    ["localhost:8080", /http:\/\/ or https:\/\//],
    ["not a url", /absolute http\(s\) URL/],
    ["ftp://localhost", /http:\/\/ or https:\/\//],
    ["http://user:pw@localhost", /plain base URL/],
    ["http://localhost:8080/opik", /root of the Opik host/],
  ])("refuses OPIK_UI_URL=%s with its reason", (value, reason) => {
    expect(() => readAccessSettings({ OPIK_UI_URL: value, AUTH_URL: "http://127.0.0.1:3000" })).toThrow(reason);
  });
  it("checks ACCESS_IDLE_TIMEOUT_S and marks the cookie Secure on HTTPS", () => {
    expect(() => readAccessSettings({ OPIK_UI_URL: "http://x", AUTH_URL: "http://y", ACCESS_IDLE_TIMEOUT_S: "soon" })).toThrow(/ACCESS_IDLE_TIMEOUT_S/);
    expect(readAccessSettings({ OPIK_UI_URL: "https://opik.example", AUTH_URL: "https://auth.example" })).toMatchObject({ secureCookie: true, idleTimeoutS: 7200 });
    expect(settings.secureCookie).toBe(false);
  });
});

describe("targetUnderOpikUi: no open redirect", () => {
  it.each([
    ["/default/projects?x=1&y=2", "http://localhost:8080/default/projects?x=1&y=2"],
    ["http://localhost:8080/default", "http://localhost:8080/default"],
    ["HTTP://LOCALHOST:8080/a#frag", "http://localhost:8080/a"],
  ])("keeps %s", (value, href) => {
    expect(targetUnderOpikUi(value, settings)?.href).toBe(href);
  });
  it.each([
    "//evil.example/",
    "/\\evil.example",
    "https://evil.example/",
    "http://localhost:8081/",
    "https://localhost:8080/",
    "http://localhost:8080@evil.example/",
    "http://evil.example#@localhost:8080/",
    "http://localhost:8080.evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "%2F%2Fevil.example",
    "/%0d%0aSet-Cookie:x",
    "\t//evil.example",
    " http://localhost:8080/",
    "",
    "relative/path",
  ])("refuses %j", (value) => {
    const kept = targetUnderOpikUi(value, settings);
    if (value === "%2F%2Fevil.example" || value === "/%0d%0aSet-Cookie:x") {
      // Not a host: a path that happens to contain encoded characters stays on the Opik host.
      expect(kept === null || kept.origin === "http://localhost:8080").toBe(true);
    } else {
      expect(kept).toBeNull();
    }
  });
  it("starts the sign-in on the Opik host, and sends it on to this service with the target and the state's hash", () => {
    const target = targetUnderOpikUi("/p?a=1&b=2", settings)!;
    const start = new URL(opikSignInUrl(settings, target));
    expect(`${start.origin}${start.pathname}`).toBe("http://localhost:8080/_access/sign-in");
    expect(start.searchParams.get("rd")).toBe("http://localhost:8080/p?a=1&b=2");
    const url = new URL(signInUrl(settings, target, "ab".repeat(32)));
    expect(url.origin).toBe("http://127.0.0.1:3000");
    expect(url.searchParams.get("rd")).toBe("http://localhost:8080/p?a=1&b=2");
    expect(url.searchParams.get("state")).toBe("ab".repeat(32));
  });
});
