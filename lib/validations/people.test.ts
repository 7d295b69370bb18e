import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ROLES } from "@/db/schema";
import { addPersonSchema, updatePersonSchema } from "./people";
import { DEFAULT_NOT_AUTHORIZED_MESSAGE } from "./workspace-access";

const VALID = { email: "ada@example.com", name: "Ada Lovelace", role: "admin", password: "correct horse battery", allWorkspaces: true };
const errorsOf = (result: { success: boolean; error?: z.ZodError }) => (result.success ? {} : z.flattenError(result.error!).fieldErrors);

describe("addPersonSchema", () => {
  it("accepts a valid person with every workspace chosen and no default", () => {
    expect(addPersonSchema.parse(VALID)).toEqual({ ...VALID, invite: false, defaultWorkspaceId: null, authorizedWorkspaceIds: [] });
  });

  it("takes an invitation instead of a password (issue 27 item 7), never both, never neither", () => {
    const { password: _password, ...noPassword } = VALID;
    expect(addPersonSchema.parse({ ...noPassword, invite: true })).toMatchObject({ invite: true });
    expect(addPersonSchema.parse({ ...noPassword, invite: "true" })).toMatchObject({ invite: true });
    expect(errorsOf(addPersonSchema.safeParse({ ...VALID, invite: true }))).toEqual({ password: ["Either set a password or invite them, not both"] });
    expect(errorsOf(addPersonSchema.safeParse(noPassword))).toEqual({ password: ["Set a password, or invite them to set their own"] });
    expect(errorsOf(addPersonSchema.safeParse({ ...noPassword, invite: "maybe" }))).toEqual({ invite: ["Choose true or false"] });
  });

  it.each(ROLES)("accepts the role %s", (role) => {
    expect(addPersonSchema.parse({ ...VALID, role }).role).toBe(role);
  });

  it.each(["owner", "Admin", "", "members"])("refuses the role %j", (role) => {
    expect(errorsOf(addPersonSchema.safeParse({ ...VALID, role }))).toEqual({ role: ["Choose admin, viewer or member"] });
  });

  it.each(["Ada\u202Ecalevol", "\u2067Ada\u2069", "Ada\u200E", "Ada\u0008"])("refuses the name %j with an inline message", (name) => {
    expect(errorsOf(addPersonSchema.safeParse({ ...VALID, name }))).toEqual({ name: ["Remove control characters and direction marks"] });
  });

  it("takes the workspaces as a service account does: ids in any case, duplicates collapse", () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const parsed = addPersonSchema.parse({ ...VALID, allWorkspaces: "false", defaultWorkspaceId: b.toUpperCase(), authorizedWorkspaceIds: [a, b, a.toUpperCase()] });
    expect(parsed).toMatchObject({ defaultWorkspaceId: b, authorizedWorkspaceIds: [a, b] });
  });

  it("refuses a default workspace outside the authorized ones, on the default's field", () => {
    const result = addPersonSchema.safeParse({ ...VALID, allWorkspaces: undefined, defaultWorkspaceId: randomUUID(), authorizedWorkspaceIds: [randomUUID()] });
    expect(errorsOf(result)).toEqual({ defaultWorkspaceId: [DEFAULT_NOT_AUTHORIZED_MESSAGE] });
  });
});

describe("updatePersonSchema", () => {
  it("needs the id, the name, the role and a choice of workspaces", () => {
    expect(Object.keys(errorsOf(updatePersonSchema.safeParse({}))).sort()).toEqual(["id", "name", "role"]);
    const id = randomUUID();
    expect(Object.keys(errorsOf(updatePersonSchema.safeParse({ id, name: "Ada", role: "member" })))).toEqual(["authorizedWorkspaceIds"]);
    const parsed = updatePersonSchema.parse({ id, name: "Ada", role: "member", allWorkspaces: "true" });
    expect(parsed).toEqual({ id, name: "Ada", role: "member", defaultWorkspaceId: null, allWorkspaces: true, authorizedWorkspaceIds: [] });
  });

  it("refuses a default workspace outside the authorized ones", () => {
    const result = updatePersonSchema.safeParse({ id: randomUUID(), name: "Ada", role: "viewer", defaultWorkspaceId: randomUUID(), authorizedWorkspaceIds: randomUUID() });
    expect(errorsOf(result)).toEqual({ defaultWorkspaceId: [DEFAULT_NOT_AUTHORIZED_MESSAGE] });
  });
});

describe("See unmasked data", () => {
  const person = { id: "fd3bcc4b-6bb5-4ac7-905a-8c795695276e", name: "Ada", role: "member", allWorkspaces: true };
  it.each([
    [true, true],
    [false, false],
    ["true", true],
    ["false", false],
    [["false", "true"], true],
    [["false"], false],
    [undefined, undefined],
  ])("%j reads as %j (the form's hidden false, then the ticked box; the API's boolean)", (seeUnmasked, expected) => {
    expect(updatePersonSchema.parse({ ...person, seeUnmasked }).seeUnmasked).toBe(expected);
  });
  it("anything else is a field error", () => {
    const result = updatePersonSchema.safeParse({ ...person, seeUnmasked: "maybe" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["seeUnmasked"]);
  });
});
