"use client";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Input } from "@/components/ui/input";
import { saveKeyPolicy } from "@/lib/actions/settings";
import type { KeyPolicyLimits } from "@/lib/validations/expiry-options";

const days = (n: number | null) => (n === null ? "" : String(n));

function DaysInput(props: React.ComponentProps<typeof Input>) {
  return (
    <div className="flex items-center gap-2">
      <Input {...props} inputMode="numeric" autoComplete="off" className="max-w-32" />
      <span className="text-sm text-muted-foreground">days</span>
    </div>
  );
}

/**
 * The key policy (README "Key lifecycle"): **Maximum key lifetime** (empty = no limit), which also
 * ends older keys on their next check, and **Default expiry** (empty = Never), what Add key
 * preselects. Viewers see it with every control disabled.
 */
export function KeyPolicyForm({ policy, canWrite }: { policy: KeyPolicyLimits; canWrite: boolean }) {
  const { pending, onSubmit, onChange, fieldErrors } = useActionForm(saveKeyPolicy);
  return (
    <section className="grid gap-4 rounded-lg border p-4" aria-labelledby="key-policy-heading">
      <div className="grid gap-1">
        <h3 id="key-policy-heading" className="text-lg font-semibold">
          Key policy
        </h3>
        <p className="text-sm text-muted-foreground">How long API keys may live. Changes apply to the next check of every key.</p>
      </div>
      <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Key policy">
        <fieldset disabled={!canWrite} className="grid gap-4">
          <FormField
            label="Maximum key lifetime"
            name="maxLifetimeDays"
            errors={fieldErrors.maxLifetimeDays}
            hint="Days, from 1 to 3650; empty for no limit. New keys must expire within it, and an older key is refused as expired once it is this old, even if it was made before the limit was set."
          >
            {(p) => <DaysInput {...p} defaultValue={days(policy.maxLifetimeDays)} />}
          </FormField>
          <FormField
            label="Default expiry"
            name="defaultExpiryDays"
            errors={fieldErrors.defaultExpiryDays}
            hint="Days. What Add key preselects (empty: 90 days) and what a key added through the API without an expiry gets (empty: never expires). With a maximum, it is required and at most the maximum."
          >
            {(p) => <DaysInput {...p} defaultValue={days(policy.defaultExpiryDays)} />}
          </FormField>
          <div>
            <SubmitButton pending={pending}>Save</SubmitButton>
          </div>
        </fieldset>
      </form>
    </section>
  );
}
