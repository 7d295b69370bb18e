import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as apiKeys from "./api-keys";
import * as auth from "./auth";
import * as keyLifecycle from "./key-lifecycle";
import * as people from "./people";
import * as serviceAccounts from "./service-accounts";
import * as workspaces from "./workspaces";

// Issue 14 item 6: one message per problem. Every form schema, given a form with every field
// missing, empty or blank, says at most one thing per field.
const exported: [string, unknown][] = Object.entries({ ...auth, ...people, ...serviceAccounts, ...workspaces, ...apiKeys, ...keyLifecycle });
const schemas = exported.filter((entry): entry is [string, z.ZodObject] => entry[1] instanceof z.ZodObject);

describe("one message per problem", () => {
  it("finds the form schemas", () => expect(schemas.length).toBeGreaterThan(10));
  it.each(schemas)("%s: at most one message per field for missing, empty and blank values", (_name, schema) => {
    const fields = Object.keys(schema.shape);
    for (const input of [{}, Object.fromEntries(fields.map((f) => [f, ""])), Object.fromEntries(fields.map((f) => [f, "   "]))]) {
      const result = schema.safeParse(input);
      if (result.success) continue;
      for (const [field, messages] of Object.entries(z.flattenError(result.error).fieldErrors as Record<string, string[]>)) {
        expect(messages, `${field} of ${JSON.stringify(input)}`).toHaveLength(1);
      }
    }
  });
  it("a new password: empty, blank, short, long each get their own one message", () => {
    const message = (value: string) => auth.newPasswordSchema.safeParse(value).error?.issues.map((i) => i.message);
    expect(message("")).toEqual(["Enter a password"]);
    expect(message("            ")).toEqual(["Use more than spaces"]);
    expect(message("short")).toEqual(["Use at least 12 characters"]);
    expect(message("x".repeat(201))).toEqual(["Use at most 200 characters"]);
    expect(message("a long enough password")).toBeUndefined();
  });
});
