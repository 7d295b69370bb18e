"use client";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { WorkspaceAccessFields } from "@/components/workspaces/workspace-access-fields";
import { DialogFooter } from "@/components/ui/dialog";
import { Input, Textarea } from "@/components/ui/input";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { createServiceAccount } from "@/lib/actions/service-accounts";

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
      <WorkspaceAccessFields workspaces={workspaces} fieldErrors={fieldErrors} />
      {formError && !hasErrors ? <p className="text-sm text-destructive">{formError}</p> : null}
      <DialogFooter>
        <SubmitButton pending={pending}>Create</SubmitButton>
      </DialogFooter>
    </form>
  );
}
