"use client";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { ssoSignInAction } from "@/lib/actions/auth";

/** "Sign in with <provider>" on /login: the action sends the browser to the identity provider. */
export function SsoSignIn({ name, next }: { name: string; next?: string }) {
  const { pending, onSubmit, formError, state } = useActionForm(ssoSignInAction, { inlineFormError: true });
  return (
    <form onSubmit={onSubmit} className="grid gap-2">
      <input type="hidden" name="provider" value="oidc" />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton pending={pending} variant="outline">
        Sign in with {name}
      </SubmitButton>
      {formError && !state?.ok ? <p className="text-sm text-destructive">{formError}</p> : null}
    </form>
  );
}
