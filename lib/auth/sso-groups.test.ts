import { describe, expect, it } from "vitest";
import { groupsFromClaims, resolveGroupMappings, type GroupMapping } from "./sso-groups";

describe("the groups claim", () => {
  it("is a list of names; absent is none; anything but a list is refused", () => {
    expect(groupsFromClaims({ groups: ["ml-team", "ml-team", "платформа", "a b/c:d"] }, "groups")).toEqual({ ok: true, groups: ["ml-team", "платформа", "a b/c:d"] });
    expect(groupsFromClaims({}, "groups")).toEqual({ ok: true, groups: [] });
    expect(groupsFromClaims({ groups: null }, "groups")).toEqual({ ok: true, groups: [] });
    for (const value of ["ml-team", "a,b", { a: 1 }, 42, true]) expect(groupsFromClaims({ groups: value }, "groups")).toEqual({ ok: false, reason: "groups_not_a_list" });
    expect(groupsFromClaims({ roles: ["x"] }, "roles")).toEqual({ ok: true, groups: ["x"] });
  });

  it("skips entries that are not names, and takes 1,000 groups", () => {
    expect(groupsFromClaims({ groups: ["ok", 1, null, "", "x".repeat(257), { name: "y" }] }, "groups")).toEqual({ ok: true, groups: ["ok"] });
    const many = Array.from({ length: 1000 }, (_, i) => `g-${i}`);
    expect(groupsFromClaims({ groups: many }, "groups")).toEqual({ ok: true, groups: many });
  });
});

describe("group mappings", () => {
  const mappings: GroupMapping[] = [
    { group: "ml-team", role: "member", defaultWorkspaceId: "ws-ml", workspaceIds: ["ws-ml", "ws-shared"] },
    { group: "platform-admins", role: "admin", defaultWorkspaceId: null, workspaceIds: [] },
    { group: "analysts", role: "viewer", defaultWorkspaceId: "ws-bi", workspaceIds: ["ws-bi", "ws-shared"] },
    { group: "interns", role: "member", defaultWorkspaceId: null, workspaceIds: ["ws-sandbox"] },
  ];

  it("no mapped group: nothing (the sign-in is refused)", () => {
    expect(resolveGroupMappings(["unmapped", "other"], mappings)).toBeNull();
    expect(resolveGroupMappings([], mappings)).toBeNull();
    expect(resolveGroupMappings(["ml-team"], [])).toBeNull();
  });

  it("the highest role; the union of workspaces; the first mapping's default", () => {
    expect(resolveGroupMappings(["analysts", "ml-team"], mappings)).toEqual({
      role: "viewer",
      workspaceIds: ["ws-ml", "ws-shared", "ws-bi"],
      defaultWorkspaceId: "ws-ml",
      seeUnmasked: true,
      groups: ["ml-team", "analysts"],
    });
  });

  it("a mapping to every workspace makes the union every workspace; the default comes from the first mapping that has one", () => {
    expect(resolveGroupMappings(["platform-admins", "analysts"], mappings)).toEqual({ role: "admin", workspaceIds: "all", defaultWorkspaceId: "ws-bi", seeUnmasked: true, groups: ["platform-admins", "analysts"] });
    expect(resolveGroupMappings(["platform-admins"], mappings)).toEqual({ role: "admin", workspaceIds: "all", defaultWorkspaceId: null, seeUnmasked: true, groups: ["platform-admins"] });
    expect(resolveGroupMappings(["interns", "ml-team"], mappings)).toEqual({ role: "member", workspaceIds: ["ws-ml", "ws-shared", "ws-sandbox"], defaultWorkspaceId: "ws-ml", seeUnmasked: true, groups: ["ml-team", "interns"] });
  });

  it("See unmasked data: on when any matching mapping gives it, off only when every one withholds it", () => {
    const masked: GroupMapping[] = [
      { group: "annotators", role: "member", defaultWorkspaceId: null, workspaceIds: ["ws-ml"], seeUnmasked: false },
      { group: "contractors", role: "viewer", defaultWorkspaceId: null, workspaceIds: ["ws-ml"], seeUnmasked: false },
      ...mappings,
    ];
    expect(resolveGroupMappings(["annotators", "contractors"], masked)?.seeUnmasked).toBe(false);
    expect(resolveGroupMappings(["annotators", "ml-team"], masked)?.seeUnmasked).toBe(true);
  });

  it("matches names exactly (case and odd characters as the provider spells them)", () => {
    expect(resolveGroupMappings(["ML-Team"], mappings)).toBeNull();
    expect(resolveGroupMappings(["a b/c:d"], [{ group: "a b/c:d", role: "member", defaultWorkspaceId: null, workspaceIds: ["w"] }])).toMatchObject({ role: "member" });
  });
});
