import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  createServiceAccountSchema,
  deleteServiceAccountSchema,
  serviceAccountListParamsSchema,
  serviceAccountNameSchema,
} from "./service-accounts";

const WS_A = "0b6f1c5e-3a7d-4c1b-9f2e-6d8a4b2c1e0f";
const WS_B = "7c9e2f4a-1b3d-4e5f-8a6b-2c4d6e8f0a1b";

function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string[] | undefined> {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected a validation error, got ${JSON.stringify(result.data)}`);
  return z.flattenError(result.error).fieldErrors as Record<string, string[] | undefined>;
}

describe("serviceAccountNameSchema", () => {
  it.each(["ci-pipeline-prod", "CI.Pipeline_Prod-2", "a", "0", "x".repeat(64), "...", "monitoring_job.v2"])(
    "accepts %j and keeps its letter case",
    (name) => {
      expect(serviceAccountNameSchema.parse(name)).toBe(name);
    },
  );

  it("trims surrounding whitespace", () => {
    expect(serviceAccountNameSchema.parse("  ci-pipeline-prod \n")).toBe("ci-pipeline-prod");
  });

  it.each(["", "   ", "\t\n"])("refuses the empty or blank name %j", (name) => {
    expect(fieldErrors(z.object({ name: serviceAccountNameSchema }), { name }).name).toContain("Enter a name");
  });

  it("refuses 65 characters and 10,000 characters", () => {
    expect(serviceAccountNameSchema.safeParse("x".repeat(65)).success).toBe(false);
    const errors = fieldErrors(z.object({ name: serviceAccountNameSchema }), { name: "x".repeat(10_000) });
    expect(errors.name).toContain("Use at most 64 characters");
  });

  it.each([
    "ci pipeline",
    "ci/pipeline",
    "cĩ-pipeline",
    "ci-🚀",
    "pipeline\u00a0prod",
    "'; drop table x;--",
    "<script>alert(1)</script>",
    "a%b",
    "a\\b",
    "a\u0000b",
  ])("refuses the forbidden characters in %j", (name) => {
    const errors = fieldErrors(z.object({ name: serviceAccountNameSchema }), { name });
    expect(errors.name).toContain('Use only letters, digits, ".", "_" and "-"');
  });

  it.each([undefined, null, 42, ["a", "b"], { a: 1 }])("refuses the non-string %j", (name) => {
    expect(fieldErrors(z.object({ name: serviceAccountNameSchema }), { name }).name).toEqual(["Enter a name"]);
  });
});

describe("createServiceAccountSchema", () => {
  it("parses a full valid input, folding authorized workspace ids to lower case", () => {
    const parsed = createServiceAccountSchema.parse({
      name: "ci-pipeline-prod",
      description: "  Deploys from CI  ",
      defaultWorkspaceId: WS_A.toUpperCase(),
      authorizedWorkspaceIds: [WS_A.toUpperCase(), WS_B],
    });
    expect(parsed).toMatchObject({ name: "ci-pipeline-prod", description: "Deploys from CI", authorizedWorkspaceIds: [WS_A, WS_B] });
    expect(parsed.defaultWorkspaceId?.toLowerCase()).toBe(WS_A);
  });

  it("treats absent, empty and blank optional fields as none", () => {
    for (const extra of [{}, { description: "", defaultWorkspaceId: "", authorizedWorkspaceIds: "" }, { description: "  ", defaultWorkspaceId: "  ", authorizedWorkspaceIds: ["", " "] }]) {
      expect(createServiceAccountSchema.parse({ name: "svc", allWorkspaces: "true", ...extra })).toEqual({
        name: "svc",
        description: null,
        defaultWorkspaceId: null,
        allWorkspaces: true,
        authorizedWorkspaceIds: [],
      });
    }
  });

  it("accepts a single authorized id given as one string (one form field)", () => {
    expect(createServiceAccountSchema.parse({ name: "svc", authorizedWorkspaceIds: WS_B }).authorizedWorkspaceIds).toEqual([WS_B]);
  });

  it("deduplicates a workspace id listed twice, in any letter case", () => {
    const parsed = createServiceAccountSchema.parse({ name: "svc", authorizedWorkspaceIds: [WS_A, WS_B, WS_A.toUpperCase(), ` ${WS_A} `] });
    expect(parsed.authorizedWorkspaceIds).toEqual([WS_A, WS_B]);
  });

  it("accepts a default workspace with every workspace chosen", () => {
    expect(createServiceAccountSchema.parse({ name: "svc", defaultWorkspaceId: WS_A, allWorkspaces: true }).defaultWorkspaceId).toBe(WS_A);
  });

  it("refuses a default workspace outside a non-empty authorized set, on defaultWorkspaceId", () => {
    const errors = fieldErrors(createServiceAccountSchema, { name: "svc", defaultWorkspaceId: WS_A, authorizedWorkspaceIds: [WS_B] });
    expect(errors).toEqual({ defaultWorkspaceId: ["The default workspace must be one of the authorized workspaces"] });
  });

  it.each([
    "not-a-uuid",
    "0b6f1c5e-3a7d-4c1b-9f2e-6d8a4b2c1e0",
    "0b6f1c5e3a7d4c1b9f2e6d8a4b2c1e0fz",
    "0b6f1c5e-3a7d-4c1b-9f2e-6d8a4b2c1e0g",
    "'; drop table x;--",
    "<script>",
    "x".repeat(10_000),
  ])("refuses the malformed workspace id %j in either field", (id) => {
    expect(fieldErrors(createServiceAccountSchema, { name: "svc", defaultWorkspaceId: id }).defaultWorkspaceId?.length).toBeGreaterThan(0);
    expect(fieldErrors(createServiceAccountSchema, { name: "svc", authorizedWorkspaceIds: [WS_A, id] }).authorizedWorkspaceIds).toContain(
      "One of the selected items is not valid",
    );
  });

  it("refuses more than 500 authorized workspaces", () => {
    const ids = Array.from({ length: 501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    expect(fieldErrors(createServiceAccountSchema, { name: "svc", authorizedWorkspaceIds: ids }).authorizedWorkspaceIds).toEqual(["Too many items"]);
  });

  it("refuses a description over 500 characters", () => {
    expect(fieldErrors(createServiceAccountSchema, { name: "svc", description: "d".repeat(10_000) }).description).toEqual([
      "Use at most 500 characters",
    ]);
  });

  it.each(["Deploys\u202Efrom CI", "ci\u0007", "\u2067rtl\u2069", "left\u200Emark", "esc\u001b[31m"])("refuses control characters and direction marks in the description %j", (description) => {
    expect(fieldErrors(createServiceAccountSchema, { name: "svc", description }).description).toEqual(["Remove control characters and direction marks"]);
  });

  it("keeps line breaks and tabs in the description (it is a text area)", () => {
    expect(createServiceAccountSchema.parse({ name: "svc", allWorkspaces: true, description: "Deploys from CI\r\n\tnightly" }).description).toBe("Deploys from CI\r\n\tnightly");
  });

  it("reports every field's error at once, not only the first", () => {
    const errors = fieldErrors(createServiceAccountSchema, {
      name: "bad name",
      description: "d".repeat(501),
      defaultWorkspaceId: "nope",
      authorizedWorkspaceIds: ["also-nope"],
    });
    expect(Object.keys(errors).sort()).toEqual(["authorizedWorkspaceIds", "defaultWorkspaceId", "description", "name"]);
  });

  it("refuses a repeated default workspace field (two values) without throwing", () => {
    expect(fieldErrors(createServiceAccountSchema, { name: "svc", defaultWorkspaceId: [WS_A, WS_B], authorizedWorkspaceIds: [WS_B] }).defaultWorkspaceId?.length).toBeGreaterThan(0);
  });

  it.each([5, { length: 1 }, [5], null])("refuses the unreadable authorized list %j without throwing", (list) => {
    expect(fieldErrors(createServiceAccountSchema, { name: "svc", defaultWorkspaceId: WS_A, authorizedWorkspaceIds: list }).authorizedWorkspaceIds?.length).toBeGreaterThan(0);
  });
});

describe("deleteServiceAccountSchema", () => {
  it("accepts a uuid and a confirmation", () => {
    expect(deleteServiceAccountSchema.parse({ id: ` ${WS_A} `, confirmName: "svc" })).toEqual({ id: WS_A, confirmName: "svc" });
  });

  it("reports a malformed id and a missing confirmation together", () => {
    const errors = fieldErrors(deleteServiceAccountSchema, { id: "'; drop table x;--" });
    expect(errors.id).toEqual(["Not a valid id"]);
    expect(errors.confirmName).toEqual(["Type the account's name to confirm"]);
  });

  it.each(["", "   ", "x".repeat(10_000), "<script>"])("refuses the id %j", (id) => {
    expect(fieldErrors(deleteServiceAccountSchema, { id, confirmName: "svc" }).id).toEqual(["Not a valid id"]);
  });
});

describe("serviceAccountListParamsSchema", () => {
  const DEFAULTS = { q: "", sort: "createdAt", dir: "desc", page: 1, size: 20 };

  it("gives the defaults for an empty query", () => {
    expect(serviceAccountListParamsSchema.parse({})).toEqual(DEFAULTS);
  });

  it("reads valid URL state (strings) with coercion", () => {
    expect(serviceAccountListParamsSchema.parse({ q: "  ci  ", sort: "name", dir: "asc", page: "3", size: "50" })).toEqual({
      q: "ci",
      sort: "name",
      dir: "asc",
      page: 3,
      size: 50,
    });
  });

  it.each([
    { page: "-1" },
    { page: "0" },
    { page: "1.5" },
    { page: "abc" },
    { page: "Infinity" },
    { page: "99999999999" },
    { size: "7" },
    { size: "0" },
    { size: "1000000" },
    { sort: "drop" },
    { sort: "name; drop table x" },
    { dir: "sideways" },
    { q: "q".repeat(201) },
    { q: ["a", "b"], sort: ["name", "createdAt"], dir: ["asc", "desc"], page: ["2", "3"], size: ["10", "50"] },
    { q: null, sort: null, dir: null, page: null, size: {} },
  ])("falls back to defaults for garbage %j", (garbage) => {
    expect(serviceAccountListParamsSchema.safeParse(garbage)).toEqual({ success: true, data: DEFAULTS });
  });

  it("keeps search text with SQL and HTML metacharacters as typed (it is bound, not interpolated)", () => {
    expect(serviceAccountListParamsSchema.parse({ q: "'; drop table x;--" }).q).toBe("'; drop table x;--");
    expect(serviceAccountListParamsSchema.parse({ q: "<script>" }).q).toBe("<script>");
  });
});
