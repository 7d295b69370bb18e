/**
 * Opik's WorkspaceUserPermission values (OPIK-AUTH-CONTRACT.md §10). Service accounts are granted all
 * of them for now: a key that may use a workspace may do everything an SDK does there.
 */
export const OPIK_PERMISSIONS = [
  "workspace_settings_configure",
  "ai_provider_update",
  "project_create",
  "project_data_view",
  "project_delete",
  "trace_span_thread_log",
  "trace_span_thread_annotate",
  "trace_delete",
  "online_evaluation_rule_update",
  "alert_update",
  "dashboard_view",
  "dashboard_create",
  "dashboard_edit",
  "dashboard_delete",
  "experiment_view",
  "experiment_create",
  "dataset_view",
  "dataset_create",
  "dataset_edit",
  "dataset_delete",
  "annotation_queue_view",
  "annotation_queue_create",
  "annotation_queue_annotate",
  "annotation_queue_edit",
  "annotation_queue_delete",
  "annotation_queue_results_export",
  "prompt_view",
  "prompt_create",
  "prompt_edit",
  "prompt_delete",
  "optimization_run_view",
  "optimization_run_delete",
  "optimization_studio_use",
] as const;

export const GRANTED_PERMISSIONS = OPIK_PERMISSIONS.map((permissionName) => ({ permissionName, permissionValue: "true" }));
