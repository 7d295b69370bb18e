"use client";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { createServiceAccount } from "@/lib/actions/service-accounts";
import { ServiceAccountFields } from "./service-account-fields";

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
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(createServiceAccount, { onSuccess: onCreated, inlineFormError: true });
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Create service account">
      <ServiceAccountFields workspaces={workspaces} fieldErrors={fieldErrors} />
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Create</SubmitButton>
      </DialogFooter>
    </form>
  );
}
