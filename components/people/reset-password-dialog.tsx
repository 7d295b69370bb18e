"use client";
import type { RowDialogState } from "@/components/data-table/row-menu";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { AdministratorDto } from "@/db/queries/administrators";
import { resetAdministratorPasswordAction } from "@/lib/actions/people";

export const OWN_PASSWORD_HINT = "Your own password: use Change password in the menu under your name.";

/** An admin sets someone else's password; every session of theirs ends. Opened from the row menu (not for viewers, not for yourself). */
export function ResetPasswordDialog({ person, canWrite, ...row }: { person: AdministratorDto; canWrite: boolean } & RowDialogState) {
  return (
    <FormDialog
      title={`Reset password of ${person.email}`}
      canWrite={canWrite}
      {...row}
      description={`${person.name} signs in with the new password from now on; every session of theirs ends at its next request. Give it to them through a safe channel.`}
    >
      {(close) => <ResetPasswordForm person={person} onReset={close} />}
    </FormDialog>
  );
}

function ResetPasswordForm({ person, onReset }: { person: AdministratorDto; onReset: () => void }) {
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(resetAdministratorPasswordAction, { onSuccess: onReset, inlineFormError: true });
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label={`Reset password of ${person.email}`}>
      <input type="hidden" name="id" value={person.id} />
      <FormField label="New password" name="password" errors={fieldErrors.password} hint="At least 12 characters.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" required autoFocus />}
      </FormField>
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Reset password</SubmitButton>
      </DialogFooter>
    </form>
  );
}
