"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Input } from "@/components/ui/input";
import { acceptInvitationAction, invitationStateAction, type InvitationView } from "@/lib/actions/invitations";

type Step = { kind: "checking" } | { kind: "form"; token: string; view: InvitationView } | { kind: "done"; message: string } | { kind: "refused"; message: string };

/**
 * The invitation page (docs/people-and-roles.md "Invitations"): the token comes from the URL's
 * fragment, is checked, then posted with the new password. A link that cannot be used says why,
 * with the way to sign in; nobody is signed in here.
 */
export function InvitationForm() {
  const [step, setStep] = useState<Step>({ kind: "checking" });
  useEffect(() => {
    const token = decodeURIComponent(window.location.hash.slice(1));
    let live = true;
    invitationStateAction(null, { token })
      .then((result) => {
        if (!live) return;
        const view = result.ok ? result.data : undefined;
        if (view?.state === "open") setStep({ kind: "form", token, view });
        else setStep({ kind: "refused", message: view?.message ?? (result.ok ? "This invitation link is not valid." : result.message) });
      })
      .catch(() => live && setStep({ kind: "refused", message: "The invitation could not be checked right now. Reload the page in a moment." }));
    return () => {
      live = false;
    };
  }, []);
  if (step.kind === "checking") return <p className="text-sm text-muted-foreground" role="status">Checking your invitation…</p>;
  if (step.kind === "form") return <SetPasswordForm token={step.token} view={step.view} onDone={setStep} />;
  return (
    <div className="grid gap-4">
      <p className={step.kind === "done" ? "text-sm" : "rounded-md border border-destructive/40 p-3 text-sm"} role="status" data-testid="invitation-message">
        {step.message}
      </p>
      <Link href="/login" className="text-sm font-medium underline underline-offset-4">
        Go to sign-in
      </Link>
    </div>
  );
}

function SetPasswordForm({ token, view, onDone }: { token: string; view: InvitationView; onDone: (step: Step) => void }) {
  const { pending, onSubmit, onChange, fieldErrors, state } = useActionForm(acceptInvitationAction, {
    inlineFormError: true,
    onSuccess: (result) => onDone({ kind: "done", message: result.message ?? "Your password is set." }),
  });
  // Refused without a field error: the link itself stopped working (used, revoked, expired meanwhile).
  useEffect(() => {
    if (state && !state.ok && !state.fieldErrors) onDone({ kind: "refused", message: state.message });
  }, [state, onDone]);
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Set your password">
      <p className="text-sm text-muted-foreground">
        Welcome, {view.name}. Choose the password you will sign in with as <span className="font-medium text-foreground">{view.email}</span>.
      </p>
      <input type="hidden" name="token" value={token} />
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={view.email} readOnly hidden />
      <FormField label="New password" name="password" errors={fieldErrors.password} hint="At least 12 characters.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" required autoFocus />}
      </FormField>
      <SubmitButton pending={pending}>Set password</SubmitButton>
    </form>
  );
}
