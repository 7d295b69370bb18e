import { describe, expect, it } from "vitest";
import { canonicalPermission, grantedPermissions, INGEST_ONLY, isKnownPermission, permissionAnswer, READ_MASKED, missingPermission, OPIK_PERMISSIONS, PERMISSION_GROUPS, READ_ONLY, scopeOfRole, scopeRefusal, type Scope } from "./scopes";

// Opik's WorkspaceUserPermission at upstream f5bca84e (OPIK-AUTH-CONTRACT.md §10), plus
// original_data_view of its read-time redaction (§18.1): all 34, no more.
const CONTRACT = `workspace_settings_configure ai_provider_update project_create project_data_view project_delete
trace_span_thread_log trace_span_thread_annotate trace_delete online_evaluation_rule_update alert_update dashboard_view
dashboard_create dashboard_edit dashboard_delete experiment_view experiment_create dataset_view dataset_create dataset_edit
dataset_delete annotation_queue_view annotation_queue_create annotation_queue_annotate annotation_queue_edit
annotation_queue_delete annotation_queue_results_export prompt_view prompt_create prompt_edit prompt_delete
optimization_run_view optimization_run_delete optimization_studio_use original_data_view`.split(/\s+/);

const full: Scope = { name: "full", permissions: null };
const read: Scope = { name: "read", permissions: null };
const ingest: Scope = { name: "ingest", permissions: null };

describe("the preset tables", () => {
  it("know exactly Opik's permissions, each in one group", () => {
    expect([...OPIK_PERMISSIONS].sort()).toEqual([...CONTRACT].sort());
    expect(new Set(OPIK_PERMISSIONS).size).toBe(OPIK_PERMISSIONS.length);
    expect(PERMISSION_GROUPS.length).toBeGreaterThanOrEqual(8);
  });
  it("Full access holds every permission", () => {
    expect([...grantedPermissions(full)].sort()).toEqual([...CONTRACT].sort());
  });
  it("Read only holds view permissions only, and all of them", () => {
    const views = CONTRACT.filter((p) => p.endsWith("_view"));
    expect(Object.keys(READ_ONLY).sort()).toEqual(views.sort());
  });
  it("Ingest only holds what logging needs and no delete", () => {
    for (const p of Object.keys(INGEST_ONLY)) expect(CONTRACT).toContain(p);
    expect(Object.keys(INGEST_ONLY).filter((p) => p.includes("delete"))).toEqual([]);
    for (const p of ["trace_span_thread_log", "trace_span_thread_annotate", "experiment_create", "dataset_create", "prompt_edit"]) expect(Object.keys(INGEST_ONLY)).toContain(p);
    for (const reason of Object.values(INGEST_ONLY)) expect(reason).toMatch(/\((PY|TS)/);
  });
});

describe("missingPermission", () => {
  it("grants what a scope holds and names the first it does not", () => {
    expect(missingPermission(read, ["project_data_view"])).toBeNull();
    expect(missingPermission(read, ["project_data_view", "trace_span_thread_log"])).toBe("trace_span_thread_log");
    expect(missingPermission(ingest, ["dataset_delete"])).toBe("dataset_delete");
    expect(missingPermission(read, [])).toBeNull();
  });
  it("unknown names: granted to Full access, refused to every other scope", () => {
    expect(missingPermission(full, ["permission_of_a_newer_opik"])).toBeNull();
    expect(missingPermission(ingest, ["permission_of_a_newer_opik"])).toBe("permission_of_a_newer_opik");
    expect(missingPermission({ name: "custom", permissions: ["permission_of_a_newer_opik", "trace_delete"] }, ["permission_of_a_newer_opik"])).toBe("permission_of_a_newer_opik");
    expect(missingPermission({ name: "custom", permissions: ["trace_delete"] }, ["trace_delete"])).toBeNull();
  });
  it("people: viewers read, members and admins have full access", () => {
    expect(scopeOfRole("viewer").name).toBe("read");
    expect(scopeOfRole("member").name).toBe("full");
    expect(scopeOfRole("admin").name).toBe("full");
  });
  it("the refusal names the permission and the scope", () => {
    expect(scopeRefusal(read, "trace_span_thread_log", "This API key")).toMatch(/^This API key has the scope Read only, which does not allow "trace_span_thread_log"/);
  });
});

describe("original_data_view (OPIK-AUTH-CONTRACT.md §18.1)", () => {
  const masked: Scope = { name: "masked", permissions: null };
  it("Full access, Read only and Ingest only grant it; Read masked is Read only without it", () => {
    for (const scope of [full, read, ingest]) expect(grantedPermissions(scope), scope.name).toContain("original_data_view");
    expect(grantedPermissions(masked)).not.toContain("original_data_view");
    expect([...grantedPermissions(masked), "original_data_view"].sort()).toEqual([...grantedPermissions(read)].sort());
    expect(Object.keys(READ_MASKED).every((p) => p.endsWith("_view"))).toBe(true);
  });
  it("trace_original_data_view is its alias wherever a name is read", () => {
    expect(canonicalPermission("trace_original_data_view")).toBe("original_data_view");
    expect(isKnownPermission("trace_original_data_view")).toBe(true);
    expect(grantedPermissions({ name: "custom", permissions: ["trace_original_data_view"] })).toEqual(["original_data_view"]);
    expect(missingPermission(read, ["trace_original_data_view"])).toBeNull();
    expect(missingPermission(masked, ["trace_original_data_view"])).toBe("trace_original_data_view");
  });
  it("a person with See unmasked data off keeps their role's scope without it", () => {
    for (const role of ["viewer", "member", "admin"] as const) {
      const scope = scopeOfRole(role, false);
      expect(grantedPermissions(scope)).not.toContain("original_data_view");
      expect(permissionAnswer(scope).find((p) => p.permissionName === "original_data_view")?.permissionValue).toBe("false");
      expect(grantedPermissions(scopeOfRole(role, true))).toContain("original_data_view");
    }
    expect(missingPermission(scopeOfRole("member", false), ["trace_delete"])).toBeNull();
  });
});
