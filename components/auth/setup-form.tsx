"use client";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Input } from "@/components/ui/input";
import { setupAction } from "@/lib/actions/auth";

export function SetupForm() {
  const { pending, onSubmit, onChange, fieldErrors } = useActionForm(setupAction);
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate>
      <FormField label="Email" name="email" errors={fieldErrors.email}>
        {(p) => <Input {...p} type="email" autoComplete="username" required autoFocus />}
      </FormField>
      <FormField label="Name" name="name" errors={fieldErrors.name}>
        {(p) => <Input {...p} autoComplete="name" required />}
      </FormField>
      <FormField label="Password" name="password" errors={fieldErrors.password} hint="At least 12 characters.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" required />}
      </FormField>
      <SubmitButton pending={pending}>Create administrator</SubmitButton>
    </form>
  );
}
