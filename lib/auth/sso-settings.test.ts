import { describe, expect, it } from "vitest";
import { ssoErrorMessage } from "./sso-messages";
import { checkSignInSettings, passwordSignInOpen, readSsoSettings } from "./sso-settings";

const base = { AUTH_OIDC_ISSUER: "https://idp.example.test/realms/x", AUTH_OIDC_CLIENT_ID: "sa", AUTH_OIDC_CLIENT_SECRET: "s3cret" };

describe("single sign-on settings", () => {
  it("are off when none of issuer, client id and secret is set", () => {
    expect(readSsoSettings({})).toBeNull();
  });

  it("take the defaults of the README", () => {
    expect(readSsoSettings(base)).toEqual({ issuer: base.AUTH_OIDC_ISSUER, clientId: "sa", clientSecret: "s3cret", name: "SSO", scopes: "openid email profile groups", groupsClaim: "groups", newPeople: "refuse" });
    expect(readSsoSettings({ ...base, AUTH_OIDC_NAME: " Okta ", AUTH_OIDC_SCOPES: " openid   email ", AUTH_OIDC_GROUPS_CLAIM: "roles", AUTH_OIDC_NEW_PEOPLE: "Member" })).toMatchObject({
      name: "Okta",
      scopes: "openid email",
      groupsClaim: "roles",
      newPeople: "member",
    });
  });

  it("stop the start-up with the reason when half-set or wrong, never echoing the secret", () => {
    expect(() => readSsoSettings({ AUTH_OIDC_ISSUER: base.AUTH_OIDC_ISSUER })).toThrow("AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET");
    expect(() => readSsoSettings({ ...base, AUTH_OIDC_ISSUER: "not a url" })).toThrow("AUTH_OIDC_ISSUER must be");
    expect(() => readSsoSettings({ ...base, AUTH_OIDC_ISSUER: "ftp://idp.example.test" })).toThrow("http(s)");
    expect(() => readSsoSettings({ ...base, AUTH_OIDC_SCOPES: "email profile" })).toThrow('include "openid"');
    expect(() => readSsoSettings({ ...base, AUTH_OIDC_NEW_PEOPLE: "root" })).toThrow("AUTH_OIDC_NEW_PEOPLE");
    expect(() => readSsoSettings({ ...base, AUTH_OIDC_NAME: "x".repeat(41) })).toThrow("AUTH_OIDC_NAME");
    try {
      readSsoSettings({ ...base, AUTH_OIDC_ISSUER: "nope" });
    } catch (error) {
      expect((error as Error).message).not.toContain("s3cret");
    }
  });

  it("password sign-in is on unless AUTH_PASSWORD_SIGN_IN=false, which needs single sign-on", () => {
    expect(passwordSignInOpen({})).toBe(true);
    expect(passwordSignInOpen({ AUTH_PASSWORD_SIGN_IN: "FALSE" })).toBe(false);
    expect(() => passwordSignInOpen({ AUTH_PASSWORD_SIGN_IN: "no" })).toThrow("true or false");
    expect(() => checkSignInSettings({ AUTH_PASSWORD_SIGN_IN: "false" })).toThrow("needs single sign-on");
    expect(() => checkSignInSettings({ ...base, AUTH_PASSWORD_SIGN_IN: "false" })).not.toThrow();
    expect(() => checkSignInSettings({ ...base, AUTH_URL: "http://127.0.0.1:3000" })).toThrow("use localhost");
    expect(() => checkSignInSettings({ ...base, AUTH_URL: "http://localhost:3000" })).not.toThrow();
  });
});

describe("what /login says after a single sign-on", () => {
  it("names each refusal, says SSO is unavailable when the provider could not be reached, and never echoes an unknown code", () => {
    expect(ssoErrorMessage(undefined)).toBeNull();
    expect(ssoErrorMessage("sso_email_not_verified")).toMatch(/not verified your email/);
    expect(ssoErrorMessage("sso_unavailable")).toMatch(/unavailable/);
    expect(ssoErrorMessage("Configuration")).toMatch(/did not complete/);
    expect(ssoErrorMessage(["sso_disabled", "x"])).toMatch(/disabled/);
    const odd = ssoErrorMessage("<script>alert(1)</script>");
    expect(odd).toMatch(/did not complete/);
    expect(odd).not.toContain("script");
  });
});
