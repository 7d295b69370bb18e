import { describe, expect, it } from "vitest";
import { signsInWith, type SignInFacts } from "./sign-in-ways";

const person = (facts: Partial<SignInFacts>): SignInFacts => ({ hasPassword: false, ssoLinked: false, groupsManaged: false, breakGlass: false, ...facts });

describe("Signs in with", () => {
  it("password sign-in on, no group mappings: whatever the person has", () => {
    expect(signsInWith(person({ hasPassword: true }), true)).toBe("Password");
    expect(signsInWith(person({ hasPassword: true, ssoLinked: true }), true)).toBe("Password or single sign-on");
    expect(signsInWith(person({ ssoLinked: true }), true)).toBe("Single sign-on only");
    expect(signsInWith(person({}), true)).toBe("Single sign-on (not yet used)");
  });

  it("managed by group mappings: single sign-on only, but for the break-glass administrator", () => {
    expect(signsInWith(person({ hasPassword: true, ssoLinked: true, groupsManaged: true }), true)).toBe("Single sign-on only");
    expect(signsInWith(person({ hasPassword: true, ssoLinked: true, groupsManaged: true, breakGlass: true }), true)).toBe("Password (break-glass) or single sign-on");
  });

  it("password sign-in off: only the break-glass administrator's password", () => {
    expect(signsInWith(person({ hasPassword: true }), false)).toBe("Single sign-on (not yet used)");
    expect(signsInWith(person({ hasPassword: true, ssoLinked: true }), false)).toBe("Single sign-on only");
    expect(signsInWith(person({ hasPassword: true, breakGlass: true }), false)).toBe("Password (break-glass)");
  });
});
