"use client";
import { useState } from "react";
import { FormDialog } from "@/components/forms/form-dialog";
import { FieldErrors, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { createServiceAccount } from "@/lib/actions/service-accounts";
import { WorkspaceChecklist } from "./workspace-checklist";

export function CreateServiceAccountDialog({ workspaces, canWrite }: { workspaces: WorkspaceOption[]; canWrite: boolean }) {
  return (
    <FormDialog
      title="Create service account"
      canWrite={canWrite}
      description="A non-human identity for a CI/CD pipeline, a monitoring job or an integration. Add API keys to it after it is created."
    >
      {(close) => <CreateServiceAccountForm workspaces={workspaces} onCreated={close} />}
    </FormDialog>
  );
}

function CreateServiceAccountForm({ workspaces, onCreated }: { workspaces: WorkspaceOption[]; onCreated: () => void }) {
  const { pending, onSubmit, fieldErrors, formError } = useActionForm(createServiceAccount, { onSuccess: onCreated, inlineFormError: true });
  const [authorized, setAuthorized] = useState<string[]>([]);
  const [defaultId, setDefaultId] = useState("");
  const hasErrors = Object.keys(fieldErrors).length > 0;
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Create service account">
      <FormField
        label="Name"
        name="name"
        errors={fieldErrors.name}
        hint='Letters, digits, ".", "_" and "-", up to 64 characters. Say what it is for, e.g. ci-pipeline-prod or monitoring-service.'
      >
        {(p) => <Input {...p} placeholder="ci-pipeline-prod" autoComplete="off" required autoFocus />}
      </FormField>
      <FormField label="Description" name="description" errors={fieldErrors.description} hint="Optional.">
        {(p) => <Textarea {...p} rows={2} maxLength={500} />}
      </FormField>
      <FormField
        label="Default workspace"
        name="defaultWorkspaceId"
        errors={fieldErrors.defaultWorkspaceId}
        hint='Optional. Used when a client asks for the workspace "default".'
      >
        {(p) => (
          <NativeSelect {...p} value={defaultId} onChange={(e) => setDefaultId(e.target.value)}>
            <option value="">No default workspace</option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id} disabled={authorized.length > 0 && !authorized.includes(w.id)}>
                {w.name}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <fieldset className="grid gap-2" aria-describedby="authorized-hint">
        <legend className="mb-2 text-sm font-medium">Authorized workspaces</legend>
        <WorkspaceChecklist
          name="authorizedWorkspaceIds"
          workspaces={workspaces}
          selected={authorized}
          onChange={setAuthorized}
          invalid={Boolean(fieldErrors.authorizedWorkspaceIds)}
        />
        <p id="authorized-hint" className="text-xs text-muted-foreground">
          Optional. Leave all unchecked to allow every workspace; check some to allow only those.
        </p>
        <FieldErrors errors={fieldErrors.authorizedWorkspaceIds} />
      </fieldset>
      {formError && !hasErrors ? <p className="text-sm text-destructive">{formError}</p> : null}
      <DialogFooter>
        <SubmitButton pending={pending}>Create</SubmitButton>
      </DialogFooter>
    </form>
  );
}
