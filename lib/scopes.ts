import type { KeyScope } from "@/db/schema";

/**
 * What a key may do in Opik (issue 13; README "Scoped keys"). Opik's backend sends, on each request,
 * the permissions its resource method is annotated with (`requiredPermissions`, OPIK-AUTH-CONTRACT.md
 * §10); a key is granted the request when every one of them is in its scope. Requests without the
 * field (older Opik, unannotated endpoints) need no permission.
 *
 * Source of every fact below: Opik upstream f5bca84eff33df540c705fb47695c5fe8be15a22 (2026-07-13,
 * 2.1.24): the enum `WorkspaceUserPermission`, the 121 `@RequiredPermissions` annotations under
 * `apps/opik-backend/.../api/resources/v1/priv/`, and the calls of the Python (`sdks/python/src/opik`)
 * and TypeScript (`sdks/typescript/src/opik`) SDKs. Opik checks no permission on some writes and
 * deletes (e.g. `PUT /datasets/items`, `POST /experiments/items`, `DELETE /spans/{id}`), so no scope
 * can refuse those: README says so next to the presets. The endpoint-by-endpoint table and the SDK
 * calls behind each preset: docs/opik-permissions.md.
 */

/** Opik's permissions, grouped as Opik groups them, each with what it unlocks. */
export const PERMISSION_GROUPS = [
  {
    group: "Projects",
    permissions: {
      project_create: "create a project explicitly (the SDKs never need it: projects are made by logging)",
      project_data_view: "read projects, their metrics, reports and recent activity",
      project_delete: "delete projects",
    },
  },
  {
    group: "Traces, spans and threads",
    permissions: {
      trace_span_thread_log: "log traces and spans (@track, trace(), span()), open and close threads",
      trace_span_thread_annotate: "log feedback scores and comments (and delete them)",
      trace_delete: "delete traces",
    },
  },
  {
    group: "Datasets",
    permissions: {
      dataset_view: "read datasets",
      dataset_create: "create datasets",
      dataset_edit: "rename a dataset or change its description",
      dataset_delete: "delete datasets",
    },
  },
  {
    group: "Experiments",
    permissions: { experiment_view: "read experiments", experiment_create: "create experiments (evaluate())" },
  },
  {
    group: "Prompts",
    permissions: {
      prompt_view: "read prompts and their versions",
      prompt_create: "create a prompt with a description, tags or id",
      prompt_edit: "create prompt versions (create_prompt())",
      prompt_delete: "delete prompts",
    },
  },
  {
    group: "Annotation queues",
    permissions: {
      annotation_queue_view: "read annotation queues",
      annotation_queue_create: "create annotation queues",
      annotation_queue_annotate: "annotate in a queue",
      annotation_queue_edit: "change annotation queues",
      annotation_queue_delete: "delete annotation queues",
      annotation_queue_results_export: "export a queue's results",
    },
  },
  {
    group: "Dashboards",
    permissions: { dashboard_view: "read dashboards", dashboard_create: "create dashboards", dashboard_edit: "change dashboards", dashboard_delete: "delete dashboards" },
  },
  { group: "Alerts", permissions: { alert_update: "create and change alerts" } },
  {
    group: "Optimizations",
    permissions: {
      optimization_run_view: "read optimization runs",
      optimization_run_delete: "delete optimization runs",
      optimization_studio_use: "start and change optimizations",
    },
  },
  {
    // OPIK-AUTH-CONTRACT.md §18.1–2: never in requiredPermissions; Opik reads it from the
    // permissions endpoints when its read-time redaction is on, and masks callers without it.
    group: "Unmasked data",
    permissions: {
      original_data_view: "see trace, span, thread, experiment and dataset content unmasked when Opik's redaction is on",
    },
  },
  {
    group: "Workspace settings",
    permissions: {
      workspace_settings_configure: "change workspace settings",
      ai_provider_update: "change AI provider keys",
      online_evaluation_rule_update: "change online evaluation rules",
    },
  },
] as const satisfies readonly { group: string; permissions: Record<string, string> }[];

export const OPIK_PERMISSIONS: readonly string[] = PERMISSION_GROUPS.flatMap((g) => Object.keys(g.permissions));
const KNOWN = new Set(OPIK_PERMISSIONS);

export const UNMASKED_PERMISSION = "original_data_view";
/** An early draft of Opik's redaction (PR #7973) named it so; accepted wherever a permission name is read (§18.1). */
const ALIASES: Readonly<Record<string, string>> = { trace_original_data_view: UNMASKED_PERMISSION };

/** A permission name as this service stores and answers it: an alias becomes its current name. */
export function canonicalPermission(name: string): string {
  return Object.hasOwn(ALIASES, name) ? ALIASES[name]! : name;
}

/**
 * The presets. Read only: every `*_view` permission and nothing else. Ingest only: what the SDKs'
 * logging and evaluation calls need (each with the call that needs it), no delete.
 */
export const READ_ONLY: Readonly<Record<string, string>> = {
  project_data_view: "projects, their metrics; Python get_dataset looks up the dataset's project",
  dataset_view: "get_datasets, a dataset's item count",
  experiment_view: "get_experiment_by_id, a dataset's experiments",
  prompt_view: "get_prompt, search_prompts",
  dashboard_view: "dashboards",
  annotation_queue_view: "annotation queues",
  optimization_run_view: "optimization runs",
  original_data_view: "sees what it reads unmasked when Opik's redaction is on (Opik's own default for every reader)",
};

/** Read masked: Read only without original_data_view, for annotators, contractors, support dashboards (Opik's redacted view). */
export const READ_MASKED: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(READ_ONLY).filter(([p]) => p !== UNMASKED_PERMISSION));

export const INGEST_ONLY: Readonly<Record<string, string>> = {
  trace_span_thread_log: "@track, trace(), span(): POST /traces/batch and /spans/batch (PY online_message_processor.py; TS TraceBatchQueue.ts)",
  trace_span_thread_annotate: "feedback scores, and the scores evaluate() logs: PUT /traces/feedback-scores (PY opik_client.py; TS TraceFeedbackScoresBatchQueue.ts)",
  experiment_create: "evaluate(), create_experiment: POST /experiments (PY opik_client.py; TS Client.ts)",
  experiment_view: "evaluate() without an experiment name reads it back: GET /experiments/{id} (PY experiment.py; TS Experiment.ts)",
  dataset_create: "get_or_create_dataset for a new dataset: POST /datasets (PY opik_client.py; TS DatasetBatchQueue.ts)",
  dataset_view: "evaluate() reads the dataset's item count: GET /datasets/{id} (PY evaluation/helpers.py)",
  project_data_view: "get_or_create_dataset on an existing dataset looks up its project: GET /projects/{id} (PY dataset/dataset.py)",
  prompt_view: "create_prompt reads the latest version first: POST /prompts/versions/retrieve (PY prompt/client.py; TS versionHelpers.ts)",
  prompt_edit: "create_prompt posts a version, which creates the prompt: POST /prompts/versions (PY prompt/client.py; TS Client.ts)",
  prompt_create: "create_prompt with a description, tags or id: POST /prompts (PY prompt/client.py)",
  original_data_view: "what the SDK reads back (datasets, experiments, prompts) unmasked when Opik's redaction is on (PY and TS reads; Opik's own default grants it to every reader)",
};

export const SCOPE_LABELS: Record<KeyScope, string> = { full: "Full access", ingest: "Ingest only", read: "Read only", masked: "Read masked", custom: "Custom" };

/** `masked`: a person with See unmasked data off (lib/verify/person.ts): their role's scope without original_data_view. */
export type Scope = { name: KeyScope; permissions: readonly string[] | null; masked?: boolean };

/** The permissions a scope grants among Opik's known ones. */
export function grantedPermissions(scope: Scope): readonly string[] {
  const granted = presetPermissions(scope);
  return scope.masked ? granted.filter((p) => p !== UNMASKED_PERMISSION) : granted;
}

function presetPermissions(scope: Scope): readonly string[] {
  if (scope.name === "full") return OPIK_PERMISSIONS;
  if (scope.name === "read") return Object.keys(READ_ONLY);
  if (scope.name === "masked") return Object.keys(READ_MASKED);
  if (scope.name === "ingest") return Object.keys(INGEST_ONLY);
  return (scope.permissions ?? []).map(canonicalPermission).filter((p) => KNOWN.has(p));
}

/** The answer of the permissions endpoints (OPIK-AUTH-CONTRACT.md §6, §18.3): every known permission, "true" or "false". */
export function permissionAnswer(scope: Scope): { permissionName: string; permissionValue: "true" | "false" }[] {
  const granted = new Set(grantedPermissions(scope));
  return OPIK_PERMISSIONS.map((permissionName) => ({ permissionName, permissionValue: granted.has(permissionName) ? "true" : "false" }));
}

/**
 * The first permission of `required` that `scope` does not grant, or null when it grants them all.
 * Full access grants every name, known or not (a newer Opik's new permissions do not break it);
 * any other scope refuses names it does not know.
 */
export function missingPermission(scope: Scope, required: readonly string[]): string | null {
  if (scope.name === "full" && !scope.masked) return null;
  const granted = new Set(grantedPermissions(scope));
  if (scope.name === "full") return required.find((p) => canonicalPermission(p) === UNMASKED_PERMISSION) ?? null;
  return required.find((p) => !granted.has(canonicalPermission(p))) ?? null;
}

export function isKnownPermission(name: string): boolean {
  return KNOWN.has(canonicalPermission(name));
}

/**
 * People's credentials take their scope from the role (issue 13 item 4); See unmasked data off
 * (`seeUnmasked: false`) takes original_data_view away, so Opik shows them its redacted view.
 */
export function scopeOfRole(role: "admin" | "viewer" | "member", seeUnmasked = true): Scope {
  const scope: Scope = role === "viewer" ? { name: "read", permissions: null } : { name: "full", permissions: null };
  return seeUnmasked ? scope : { ...scope, masked: true };
}

/** A refusal's words: the missing permission and the scope, for the SDK user (Opik shows a 401's msg as it is). */
export function scopeRefusal(scope: Scope, missing: string, who: string): string {
  const name = missing.replace(/[^a-z0-9_]/gi, "?").slice(0, 64);
  const known = isKnownPermission(missing) ? "" : " (a permission this service does not know: only Full access grants those)";
  return `${who} has the scope ${SCOPE_LABELS[scope.name]}, which does not allow "${name}"${known}. Ask an administrator for a key with that permission`;
}
