"use client";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input, NativeSelect } from "@/components/ui/input";
import { createAdministratorAction } from "@/lib/actions/administrators";

export function CreateAdministratorDialog({ canWrite }: { canWrite: boolean }) {
  return (
    <FormDialog
      title="Add administrator"
      canWrite={canWrite}
      description="A person who signs in to this dashboard. Admins change things; viewers see everything and change nothing."
    >
      {(close) => <CreateAdministratorForm onCreated={close} />}
    </FormDialog>
  );
}

function CreateAdministratorForm({ onCreated }: { onCreated: () => void }) {
  const { pending, onSubmit, fieldErrors } = useActionForm(createAdministratorAction, { onSuccess: onCreated });
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Add administrator">
      <FormField label="Email" name="email" errors={fieldErrors.email}>
        {(p) => <Input {...p} type="email" autoComplete="off" required autoFocus />}
      </FormField>
      <FormField label="Name" name="name" errors={fieldErrors.name}>
        {(p) => <Input {...p} autoComplete="off" required />}
      </FormField>
      <FormField label="Role" name="role" errors={fieldErrors.role}>
        {(p) => (
          <NativeSelect {...p} defaultValue="viewer">
            <option value="viewer">viewer (read-only)</option>
            <option value="admin">admin</option>
          </NativeSelect>
        )}
      </FormField>
      <FormField
        label="Initial password"
        name="password"
        errors={fieldErrors.password}
        hint="At least 12 characters. Give it to the person through a safe channel."
      >
        {(p) => <Input {...p} type="password" autoComplete="new-password" required />}
      </FormField>
      <DialogFooter>
        <SubmitButton pending={pending}>Add administrator</SubmitButton>
      </DialogFooter>
    </form>
  );
}
