import { describe, expect, it } from "vitest";
import { z } from "zod";
import { administratorNameSchema, emailSchema, setupSchema, signInSchema } from "./auth";

const VALID = { email: "ada@example.com", name: "Ada Lovelace", password: "correct horse battery" };

function setupErrors(input: unknown): Record<string, string[] | undefined> {
  const result = setupSchema.safeParse(input);
  if (result.success) throw new Error(`expected a validation error, got ${JSON.stringify(result.data)}`);
  return z.flattenError(result.error).fieldErrors as Record<string, string[] | undefined>;
}

describe("setupSchema", () => {
  it("accepts a valid first administrator, lower-casing and trimming the email", () => {
    expect(setupSchema.parse({ ...VALID, email: "  Ada@Example.COM " })).toEqual({ ...VALID, email: "ada@example.com" });
  });

  it("keeps the password exactly as typed (no trimming)", () => {
    expect(setupSchema.parse({ ...VALID, password: "  spaced out pw  " }).password).toBe("  spaced out pw  ");
  });

  it("reports every field's error at once", () => {
    const errors = setupErrors({ email: "not-an-email", name: "", password: "short" });
    expect(errors.email).toEqual(["Enter a valid email address"]);
    expect(errors.name).toEqual(["Enter a name"]);
    expect(errors.password).toEqual(["Use at least 12 characters"]);
  });

  it("reports missing fields with messages", () => {
    expect(setupErrors({})).toEqual({
      email: ["Enter an email address"],
      name: ["Enter a name"],
      password: ["Enter a password"],
    });
  });

  it("bounds the password at 200 characters (argon2 work) and accepts 12", () => {
    expect(setupErrors({ ...VALID, password: "p".repeat(10_000) }).password).toEqual(["Use at most 200 characters"]);
    expect(setupSchema.parse({ ...VALID, password: "p".repeat(12) }).password).toHaveLength(12);
    expect(setupErrors({ ...VALID, password: "p".repeat(11) }).password).toEqual(["Use at least 12 characters"]);
  });
});

describe("emailSchema", () => {
  const errorsFor = (email: unknown) => setupErrors({ ...VALID, email }).email;

  it.each(["", "   "])("refuses the blank email %j", (email) => {
    expect(errorsFor(email)).toEqual(["Enter an email address"]);
  });

  it.each([
    "plainaddress",
    "@example.com",
    "ada@",
    "ada @example.com",
    "ada@exa mple.com",
    "ada@example.com'; drop table administrators;--",
    "<script>@example.com",
    "ada@example.com\nBcc: eve@example.com",
  ])("refuses the malformed email %j", (email) => {
    expect(errorsFor(email)).toEqual(["Enter a valid email address"]);
  });

  it("refuses an email over 254 characters", () => {
    expect(errorsFor(`${"a".repeat(10_000)}@example.com`)).toContain("Use at most 254 characters");
  });

  it("accepts ordinary addresses", () => {
    expect(emailSchema.parse("first.last+tag@sub.example.org")).toBe("first.last+tag@sub.example.org");
  });
});

describe("administratorNameSchema", () => {
  it.each(["Ada", "Ada Lovelace", "Zoë O'Brien", "管理者"])("accepts %j", (name) => {
    expect(administratorNameSchema.parse(name)).toBe(name);
  });

  it.each(["", "   "])("refuses the blank name %j", (name) => {
    expect(setupErrors({ ...VALID, name }).name).toEqual(["Enter a name"]);
  });

  it.each(["<script>alert(1)</script>", "a>b"])("refuses angle brackets in %j", (name) => {
    expect(setupErrors({ ...VALID, name }).name).toEqual(["Remove angle brackets"]);
  });

  it.each(["Ada\u0000", "Ada\u0007Lovelace", "Ada\u009bLovelace", "Ada\u202ElatigiD", "\u2066Ada\u2069", "Ada\u200F", "Ada\u061C"])(
    "refuses control characters and direction marks in %j",
    (name) => {
      expect(setupErrors({ ...VALID, name }).name).toEqual(["Remove control characters and direction marks"]);
    },
  );

  it("names both problems when a name has both", () => {
    expect(setupErrors({ ...VALID, name: "<\u202Eb>" }).name).toEqual(["Remove control characters and direction marks", "Remove angle brackets"]);
  });

  it("accepts names whose invisible characters are not direction controls (emoji joiners)", () => {
    expect(administratorNameSchema.parse("Ada \u{1F469}\u200D\u{1F4BB}")).toBe("Ada \u{1F469}\u200D\u{1F4BB}");
  });

  it("refuses a 10,000-character name", () => {
    expect(setupErrors({ ...VALID, name: "n".repeat(10_000) }).name).toEqual(["Use at most 100 characters"]);
  });
});

describe("signInSchema", () => {
  it("accepts any non-empty credentials, lower-casing the email", () => {
    expect(signInSchema.parse({ email: " Ada@Example.com ", password: "x" })).toEqual({ email: "ada@example.com", password: "x" });
  });

  it("reports both missing fields", () => {
    const result = signInSchema.safeParse({ email: "  ", password: "" });
    expect(result.success).toBe(false);
    expect(result.success ? {} : z.flattenError(result.error).fieldErrors).toEqual({
      email: ["Enter your email address"],
      password: ["Enter your password"],
    });
  });

  it("refuses absurdly long input", () => {
    expect(signInSchema.safeParse({ email: "a".repeat(10_000), password: "x" }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "a@b.c", password: "x".repeat(10_000) }).success).toBe(false);
  });
});
