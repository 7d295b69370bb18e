"use client";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { createWorkspace } from "@/lib/actions/workspaces";

export function CreateWorkspaceDialog({ canWrite }: { canWrite: boolean }) {
  return (
    <FormDialog
      title="Create workspace"
      canWrite={canWrite}
      description="Opik keeps each workspace's data apart. Its id never changes, even if you recreate a workspace with the same name."
    >
      {(close) => <CreateWorkspaceForm onCreated={close} />}
    </FormDialog>
  );
}

function CreateWorkspaceForm({ onCreated }: { onCreated: () => void }) {
  const { pending, onSubmit, fieldErrors } = useActionForm(createWorkspace, { onSuccess: onCreated });
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Create workspace">
      <FormField
        label="Name"
        name="name"
        errors={fieldErrors.name}
        hint='Lowercase letters, digits and "-", up to 63 characters, starting with a letter or digit.'
      >
        {(p) => <Input {...p} placeholder="team-a" autoComplete="off" required autoFocus />}
      </FormField>
      <DialogFooter>
        <SubmitButton pending={pending}>Create</SubmitButton>
      </DialogFooter>
    </form>
  );
}
