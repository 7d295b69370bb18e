import { describe, expect, it } from "vitest";
import { accessCookieName, accessCookies, clearedAccessCookies, clearedStateCookie, cookieValues, stateCookie, stateCookieName } from "./cookies";

/** A Set-Cookie value as name, value and attributes (lower-cased names). */
function parse(setCookie: string) {
  const [pair, ...rest] = setCookie.split(";").map((p) => p.trim());
  const eq = pair!.indexOf("=");
  const attributes = new Map(rest.map((a) => [a.split("=")[0]!.toLowerCase(), a.includes("=") ? a.slice(a.indexOf("=") + 1) : true] as const));
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes };
}

describe("the Opik host's cookies", () => {
  it("reads every value of one name, bounded, and ignores look-alikes", () => {
    expect(cookieValues("a=1; sa_access=one; sa_access_x=2; sa_access=two", "sa_access")).toEqual(["one", "two"]);
    expect(cookieValues("sa_access=one; __Host-sa_access=two", "__Host-sa_access")).toEqual(["two"]);
    expect(cookieValues(Array.from({ length: 10 }, (_, i) => `sa_access=${i}`).join("; "), "sa_access")).toHaveLength(3);
    expect(cookieValues(`sa_access=${"x".repeat(9000)}`, "sa_access")).toEqual(["x".repeat(9000)]);
    expect(cookieValues(`sa_access=${"x".repeat(70_000)}`, "sa_access")).toEqual([]);
    expect(cookieValues(null, "sa_access")).toEqual([]);
  });

  it("on plain HTTP: bare names, host-only, HttpOnly, SameSite=Lax, not Secure (browsers refuse __Host- there)", () => {
    for (const cookie of [accessCookies("v", false)[0]!, stateCookie("s", false)]) {
      const { name, attributes } = parse(cookie);
      expect(name).not.toMatch(/^__Host-/);
      expect(attributes.get("path")).toBe("/");
      expect(attributes.get("httponly")).toBe(true);
      expect(attributes.get("samesite")).toBe("Lax");
      expect(attributes.has("domain")).toBe(false);
      expect(attributes.has("secure")).toBe(false);
    }
    expect(accessCookies("v", false)).toHaveLength(1);
    expect(parse(accessCookies("v", false)[0]!).name).toBe("sa_access");
    expect(parse(stateCookie("s", false)).name).toBe("sa_access_state");
  });

  it("on HTTPS: the credential and the sign-in state are __Host- cookies (Secure, Path=/, no Domain); the old bare name is cleared", () => {
    const [credential, legacy] = accessCookies("v", true);
    const state = stateCookie("s", true);
    expect(parse(credential!)).toMatchObject({ name: "__Host-sa_access", value: "v" });
    expect(parse(state)).toMatchObject({ name: "__Host-sa_access_state", value: "s" });
    expect([accessCookieName(true), stateCookieName(true)]).toEqual(["__Host-sa_access", "__Host-sa_access_state"]);
    for (const cookie of [credential!, state, ...clearedAccessCookies(true), clearedStateCookie(true)]) {
      const { attributes } = parse(cookie);
      expect(attributes.get("secure"), cookie).toBe(true);
      expect(attributes.get("path"), cookie).toBe("/");
      expect(attributes.has("domain"), cookie).toBe(false);
      expect(attributes.get("httponly"), cookie).toBe(true);
    }
    expect(parse(legacy!)).toMatchObject({ name: "sa_access", value: "" });
    expect(parse(legacy!).attributes.get("max-age")).toBe("0");
    expect(clearedAccessCookies(true).map((c) => parse(c).name)).toEqual(["__Host-sa_access", "sa_access"]);
  });

  it("the state is short-lived, and cleared with Max-Age=0", () => {
    expect(Number(parse(stateCookie("s", true)).attributes.get("max-age"))).toBeGreaterThan(0);
    expect(Number(parse(stateCookie("s", true)).attributes.get("max-age"))).toBeLessThanOrEqual(3600);
    expect(parse(clearedStateCookie(false))).toMatchObject({ name: "sa_access_state", value: "" });
    expect(parse(clearedStateCookie(false)).attributes.get("max-age")).toBe("0");
  });
});
