"use client";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Input } from "@/components/ui/input";
import { signInAction } from "@/lib/actions/auth";

/** `next`: where to go after signing in (checked again by the action); the Opik-host sign-in sets it. */
export function LoginForm({ next }: { next?: string }) {
  const { pending, onSubmit, onChange, fieldErrors, formError, state } = useActionForm(signInAction, { inlineFormError: true });
  const email = state && !state.ok ? String(state.values?.email ?? "") : "";
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <FormField label="Email" name="email" errors={fieldErrors.email}>
        {(p) => <Input {...p} type="email" autoComplete="username" defaultValue={email} required autoFocus />}
      </FormField>
      <FormField label="Password" name="password" errors={fieldErrors.password}>
        {(p) => <Input {...p} type="password" autoComplete="current-password" required />}
      </FormField>
      {formError && !state?.ok && !Object.keys(fieldErrors).length ? (
        <p className="text-sm text-destructive" data-testid="form-error">
          {formError}
        </p>
      ) : null}
      <SubmitButton pending={pending}>Sign in</SubmitButton>
    </form>
  );
}
