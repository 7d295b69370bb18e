import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createWorkspaceSchema, deleteWorkspaceSchema, workspaceNameSchema } from "./workspaces";

const RESERVED = '"default" is reserved: it stands for a key\'s default workspace';
const CHARSET = 'Use only lowercase letters, digits and "-"';
const START = "Start with a letter or a digit";

function nameErrors(name: unknown): string[] {
  const result = createWorkspaceSchema.safeParse({ name });
  if (result.success) throw new Error(`expected a validation error, got ${JSON.stringify(result.data)}`);
  return z.flattenError(result.error).fieldErrors.name ?? [];
}

describe("workspaceNameSchema", () => {
  it.each(["team-a", "a", "0", "prod-eu-1", "9lives", "a-", "a".repeat(63)])("accepts %j", (name) => {
    expect(workspaceNameSchema.parse(name)).toBe(name);
  });

  it.each([
    ["Team-A", "team-a"],
    ["PROD", "prod"],
    ["  staging  ", "staging"],
  ])("folds %j to %j", (input, folded) => {
    expect(workspaceNameSchema.parse(input)).toBe(folded);
  });

  it.each(["", "   ", "\t\n"])("refuses the empty or blank name %j", (name) => {
    expect(nameErrors(name)).toEqual(["Enter a name"]);
  });

  it.each(["default", "Default", "DEFAULT", "dEfAuLt", "  default  "])("reserves %j in any case", (name) => {
    expect(nameErrors(name)).toEqual([RESERVED]);
  });

  it("allows names that merely contain the reserved word", () => {
    expect(workspaceNameSchema.parse("default-2")).toBe("default-2");
    expect(workspaceNameSchema.parse("my-default")).toBe("my-default");
  });

  it.each(["-team", "--", "-"])("requires %j to start with a letter or digit", (name) => {
    expect(nameErrors(name)).toContain(START);
  });

  it("refuses 64 characters and 10,000 characters", () => {
    expect(nameErrors("a".repeat(64))).toEqual(["Use at most 63 characters"]);
    expect(nameErrors("a".repeat(10_000))).toContain("Use at most 63 characters");
  });

  it.each([
    "team a",
    "team/a",
    "team_a",
    "team.a",
    "café",
    "équipe",
    "team-🚀",
    "'; drop table x;--",
    "<script>alert(1)</script>",
    "a%b",
    "a\u0000b",
  ])("refuses the forbidden characters in %j", (name) => {
    expect(nameErrors(name)).toContain(CHARSET);
  });

  it("reports both the length and the leading-character problem at once", () => {
    expect(nameErrors("-" + "a".repeat(70))).toEqual(["Use at most 63 characters", START]);
  });

  it.each([undefined, null, 7, ["a", "b"], {}])("refuses the non-string %j", (name) => {
    expect(nameErrors(name)).toEqual(["Enter a name"]);
  });
});

describe("deleteWorkspaceSchema", () => {
  it("accepts a uuid, trimmed", () => {
    const id = "7c9e2f4a-1b3d-4e5f-8a6b-2c4d6e8f0a1b";
    expect(deleteWorkspaceSchema.parse({ id: `  ${id} ` })).toEqual({ id });
  });

  it.each(["", "  ", "123", "7c9e2f4a-1b3d-4e5f-8a6b-2c4d6e8f0a1", "'; drop table x;--", "<script>", "x".repeat(10_000)])(
    "refuses the malformed id %j",
    (id) => {
      const result = deleteWorkspaceSchema.safeParse({ id });
      expect(result.success).toBe(false);
      expect(result.success ? [] : z.flattenError(result.error).fieldErrors.id).toEqual(["Not a valid id"]);
    },
  );

  it("refuses a missing id with a message", () => {
    const result = deleteWorkspaceSchema.safeParse({});
    expect(result.success ? [] : z.flattenError(result.error).fieldErrors.id).toEqual(["Choose an item from the list"]);
  });
});

describe("createWorkspaceSchema adoptOpikDefaultWorkspace", () => {
  it.each([
    [{ name: "a" }, false],
    [{ name: "a", adoptOpikDefaultWorkspace: "on" }, true],
    [{ name: "a", adoptOpikDefaultWorkspace: "true" }, true],
    [{ name: "a", adoptOpikDefaultWorkspace: "false" }, false],
  ])("reads %j as %j", (input, adopt) => {
    expect(createWorkspaceSchema.parse(input).adoptOpikDefaultWorkspace).toBe(adopt);
  });

  it("refuses a value that is not a checkbox's", () => {
    const result = createWorkspaceSchema.safeParse({ name: "a", adoptOpikDefaultWorkspace: "maybe" });
    expect(result.success).toBe(false);
  });
});
