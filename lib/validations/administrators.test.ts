import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createAdministratorSchema } from "./administrators";

const VALID = { email: "ada@example.com", name: "Ada Lovelace", role: "admin", password: "correct horse battery" };

describe("createAdministratorSchema", () => {
  it("accepts a valid administrator", () => {
    expect(createAdministratorSchema.parse(VALID)).toEqual(VALID);
  });

  it.each(["Ada\u202Ecalevol", "\u2067Ada\u2069", "Ada\u200E", "Ada\u0008"])("refuses the name %j with an inline message", (name) => {
    const result = createAdministratorSchema.safeParse({ ...VALID, name });
    expect(result.success).toBe(false);
    expect(result.success ? {} : z.flattenError(result.error).fieldErrors).toEqual({ name: ["Remove control characters and direction marks"] });
  });
});
