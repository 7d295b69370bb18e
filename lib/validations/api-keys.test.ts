import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiKeyNameSchema, createApiKeySchema } from "./api-keys";

const ACCOUNT = "0b6f1c5e-3a7d-4c1b-9f2e-6d8a4b2c1e0f";

function nameErrors(name: unknown): string[] | undefined {
  const result = createApiKeySchema.safeParse({ serviceAccountId: ACCOUNT, name });
  if (result.success) throw new Error(`expected a validation error, got ${JSON.stringify(result.data)}`);
  return (z.flattenError(result.error).fieldErrors as Record<string, string[] | undefined>).name;
}

describe("apiKeyNameSchema", () => {
  it.each(["github-actions", "CI key (prod)", "Zoë's laptop", "監視", "deploy \u{1F680}"])("accepts %j", (name) => {
    expect(apiKeyNameSchema.parse(name)).toBe(name);
  });

  it("makes an empty or blank name no name", () => {
    expect(apiKeyNameSchema.parse("")).toBeNull();
    expect(apiKeyNameSchema.parse("   ")).toBeNull();
    expect(apiKeyNameSchema.parse(undefined)).toBeNull();
  });

  // U+202E (right-to-left override) makes "ci\u202Etset" display as "citest".
  it.each([
    ["U+202E right-to-left override", "ci\u202Etset"],
    ["U+202A left-to-right embedding", "\u202Aci"],
    ["U+202B right-to-left embedding", "\u202Bci"],
    ["U+202C pop directional formatting", "ci\u202C"],
    ["U+202D left-to-right override", "\u202Dci"],
    ["U+2066 left-to-right isolate", "\u2066ci"],
    ["U+2067 right-to-left isolate", "\u2067ci"],
    ["U+2068 first strong isolate", "\u2068ci"],
    ["U+2069 pop directional isolate", "ci\u2069"],
    ["U+200E left-to-right mark", "ci\u200E"],
    ["U+200F right-to-left mark", "c\u200Fi"],
    ["U+061C Arabic letter mark", "c\u061Ci"],
    ["U+0007 bell", "ci\u0007"],
    ["U+001B escape", "\u001b[31mci"],
    ["U+0085 next line (C1)", "ci\u0085x"],
    ["a line break inside", "ci\nprod"],
  ])("refuses %s with an inline message", (_, name) => {
    expect(nameErrors(name)).toEqual(["Remove control characters and direction marks"]);
  });

  it("refuses a name over 100 characters", () => {
    expect(nameErrors("k".repeat(101))).toEqual(["Use at most 100 characters"]);
  });
});
