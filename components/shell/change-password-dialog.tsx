"use client";
import { KeyRound } from "lucide-react";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { changeOwnPasswordAction } from "@/lib/actions/people";

/** Your own password, any role: asks for the current one; your other sessions end, this one stays. */
export function ChangePasswordDialog() {
  return (
    <FormDialog
      title="Change password"
      canWrite
      description="Your other sessions, in other browsers, end; this one stays signed in."
      trigger={
        <Button variant="ghost" size="sm" className="w-full">
          <KeyRound aria-hidden />
          Change password
        </Button>
      }
    >
      {(close) => <ChangePasswordForm onChanged={close} />}
    </FormDialog>
  );
}

function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(changeOwnPasswordAction, { onSuccess: onChanged, inlineFormError: true });
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Change password">
      <FormField label="Current password" name="currentPassword" errors={fieldErrors.currentPassword}>
        {(p) => <Input {...p} type="password" autoComplete="current-password" required autoFocus />}
      </FormField>
      <FormField label="New password" name="password" errors={fieldErrors.password} hint="At least 12 characters.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" required />}
      </FormField>
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Change password</SubmitButton>
      </DialogFooter>
    </form>
  );
}
