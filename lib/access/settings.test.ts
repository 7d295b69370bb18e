import { describe, expect, it } from "vitest";
import { accessCookie, accessCookieValues } from "./cookies";
import { readAccessSettings, signInUrl, targetUnderOpikUi } from "./settings";

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
  it("sends the sign-in to this service with the target encoded", () => {
    const url = new URL(signInUrl(settings, targetUnderOpikUi("/p?a=1&b=2", settings)!));
    expect(url.origin).toBe("http://127.0.0.1:3000");
    expect(url.searchParams.get("rd")).toBe("http://localhost:8080/p?a=1&b=2");
  });
});

describe("the sa_access cookie", () => {
  it("reads every value of the name, bounded, and ignores look-alikes", () => {
    expect(accessCookieValues("a=1; sa_access=one; sa_access_x=2; sa_access=two")).toEqual(["one", "two"]);
    expect(accessCookieValues(Array.from({ length: 10 }, (_, i) => `sa_access=${i}`).join("; "))).toHaveLength(3);
    expect(accessCookieValues(`sa_access=${"x".repeat(9000)}`)).toEqual(["x".repeat(9000)]);
    expect(accessCookieValues(`sa_access=${"x".repeat(70_000)}`)).toEqual([]);
    expect(accessCookieValues(null)).toEqual([]);
  });
  it("is host-only, HttpOnly and SameSite=Lax", () => {
    const cookie = accessCookie("v", false);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(accessCookie("v", true)).toMatch(/; Secure$/);
  });
});
