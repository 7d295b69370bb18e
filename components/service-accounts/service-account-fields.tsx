"use client";
import { FormField } from "@/components/forms/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { WorkspaceAccessFields } from "@/components/workspaces/workspace-access-fields";
import type { WorkspaceOption } from "@/db/queries/workspaces";

export type ServiceAccountFormValues = { name: string; description: string; defaultWorkspaceId: string; authorizedWorkspaceIds: string[] };

/** Name, Description, Default workspace and Authorized workspaces: the fields of Create and Edit service account. */
export function ServiceAccountFields({
  workspaces,
  fieldErrors,
  initial,
  onNameChange,
  onAuthorizedChange,
  before,
}: {
  workspaces: WorkspaceOption[];
  fieldErrors: Record<string, string[] | undefined>;
  initial?: ServiceAccountFormValues;
  onNameChange?: (name: string) => void;
  onAuthorizedChange?: (ids: string[]) => void;
  /** Edit: the stored authorized workspaces (none = every workspace), to warn when access widens. */
  before?: string[];
}) {
  return (
    <>
      <FormField
        label="Name"
        name="name"
        errors={fieldErrors.name}
        hint='Letters, digits, ".", "_" and "-", up to 64 characters. Say what it is for, e.g. ci-pipeline-prod or monitoring-service.'
      >
        {(p) => (
          <Input
            {...p}
            defaultValue={initial?.name}
            onChange={onNameChange ? (e) => onNameChange(e.target.value) : undefined}
            placeholder="e.g. ci-pipeline-prod"
            autoComplete="off"
            required
            autoFocus
          />
        )}
      </FormField>
      <FormField label="Description" name="description" errors={fieldErrors.description} hint="Optional.">
        {(p) => <Textarea {...p} defaultValue={initial?.description} rows={2} maxLength={500} />}
      </FormField>
      <WorkspaceAccessFields workspaces={workspaces} fieldErrors={fieldErrors} initial={initial} onAuthorizedChange={onAuthorizedChange} before={before} />
    </>
  );
}
