import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createServiceAccountSchema } from "./service-accounts";
import { addGroupMappingSchema } from "./sso-mappings";
import {
  ALL_AND_LIST_MESSAGE,
  CHECK_A_WORKSPACE_MESSAGE,
  CHOOSE_ALL_EXPLICITLY_MESSAGE,
  DEFAULT_NOT_AUTHORIZED_MESSAGE,
  patchedWorkspaceAccess,
} from "./workspace-access";

const errorsOf = (result: { success: boolean; error?: z.ZodError }) => (result.success ? {} : z.flattenError(result.error!).fieldErrors);
const [A, B] = [randomUUID(), randomUUID()];
const account = (fields: Record<string, unknown>) => createServiceAccountSchema.safeParse({ name: "svc", ...fields });

describe("workspace access: all workspaces only when chosen", () => {
  it.each([
    ["the form's All workspaces", { allWorkspaces: "true" }],
    ["the API's allWorkspaces: true", { allWorkspaces: true }],
    ["with an empty list posted beside it", { allWorkspaces: true, authorizedWorkspaceIds: [] }],
    ["with a default workspace", { allWorkspaces: "true", defaultWorkspaceId: A }],
  ])("accepts every workspace chosen explicitly: %s", (_label, fields) => {
    expect(account(fields)).toMatchObject({ success: true, data: { allWorkspaces: true, authorizedWorkspaceIds: [] } });
  });

  it.each([
    ["the form's Only these", { allWorkspaces: "false", authorizedWorkspaceIds: A }],
    ["the API's list alone", { authorizedWorkspaceIds: [A, B] }],
    ["the API's allWorkspaces: false and a list", { allWorkspaces: false, authorizedWorkspaceIds: [B] }],
  ])("accepts only these workspaces, at least one: %s", (_label, fields) => {
    expect(account(fields).success).toBe(true);
  });

  it("refuses Only these with none checked, on the list's field", () => {
    expect(errorsOf(account({ allWorkspaces: "false" }))).toEqual({ authorizedWorkspaceIds: [CHECK_A_WORKSPACE_MESSAGE] });
  });

  it("refuses an empty list alone (or nothing at all), saying to choose every workspace explicitly", () => {
    for (const fields of [{}, { authorizedWorkspaceIds: [] }, { authorizedWorkspaceIds: "" }]) {
      expect(errorsOf(account(fields))).toEqual({ authorizedWorkspaceIds: [CHOOSE_ALL_EXPLICITLY_MESSAGE] });
    }
    expect(CHOOSE_ALL_EXPLICITLY_MESSAGE).toContain("allWorkspaces: true");
  });

  it("refuses every workspace and a list at once", () => {
    expect(errorsOf(account({ allWorkspaces: true, authorizedWorkspaceIds: [A] }))).toEqual({ authorizedWorkspaceIds: [ALL_AND_LIST_MESSAGE] });
  });

  it("refuses an unreadable choice", () => {
    expect(Object.keys(errorsOf(account({ allWorkspaces: "yes", authorizedWorkspaceIds: [A] })))).toEqual(["allWorkspaces"]);
  });

  it("is the same rule for group mappings, beside the default's", () => {
    expect(errorsOf(addGroupMappingSchema.safeParse({ group: "ml", role: "member", allWorkspaces: "false", defaultWorkspaceId: A }))).toEqual({
      authorizedWorkspaceIds: [CHECK_A_WORKSPACE_MESSAGE],
    });
    expect(errorsOf(addGroupMappingSchema.safeParse({ group: "ml", role: "member", defaultWorkspaceId: A, authorizedWorkspaceIds: [B] }))).toEqual({
      defaultWorkspaceId: [DEFAULT_NOT_AUTHORIZED_MESSAGE],
    });
  });
});

describe("patchedWorkspaceAccess (PATCH over the management API)", () => {
  it("keeps what is stored when neither field is sent: none stored is every workspace", () => {
    expect(patchedWorkspaceAccess({}, [])).toEqual({ allWorkspaces: true, authorizedWorkspaceIds: [] });
    expect(patchedWorkspaceAccess({}, [A])).toEqual({ allWorkspaces: false, authorizedWorkspaceIds: [A] });
  });

  it("takes what is sent otherwise, so that an empty list alone reaches the rule and is refused", () => {
    expect(patchedWorkspaceAccess({ authorizedWorkspaceIds: [] }, [A])).toEqual({ allWorkspaces: undefined, authorizedWorkspaceIds: [] });
    expect(patchedWorkspaceAccess({ allWorkspaces: true }, [A])).toEqual({ allWorkspaces: true, authorizedWorkspaceIds: [] });
  });
});
