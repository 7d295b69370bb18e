"use client";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Input } from "@/components/ui/input";
import { previewKeyPolicyAction, saveKeyPolicy } from "@/lib/actions/settings";
import type { KeyPolicyLimits } from "@/lib/validations/expiry-options";

const keysText = (n: number) => (n === 1 ? "1 key" : `${n.toLocaleString("en")} keys`);
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
  const [previewing, startPreview] = useTransition();
  const [confirm, setConfirm] = useState<{ endsAtOnce: number; fields: Record<string, string> } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Set when the preview found nothing to confirm: the next submit saves.
  const previewed = useRef(false);

  /** Save asks first (previewKeyPolicyAction) how many keys the new maximum ends at once; above 0, it asks to confirm. */
  function submit(event: FormEvent<HTMLFormElement>) {
    if (previewed.current) {
      previewed.current = false;
      onSubmit(event);
      return;
    }
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startPreview(async () => {
      const preview = await previewKeyPolicyAction(null, data);
      if (preview.ok && preview.data && preview.data.endsAtOnce > 0) {
        setConfirm({ endsAtOnce: preview.data.endsAtOnce, fields: { maxLifetimeDays: String(data.get("maxLifetimeDays") ?? ""), defaultExpiryDays: String(data.get("defaultExpiryDays") ?? "") } });
        return;
      }
      // Nothing ends at once, or the input is refused: Save runs and shows its own outcome.
      previewed.current = true;
      formRef.current?.requestSubmit();
    });
  }
  return (
    <section className="grid gap-4 rounded-lg border p-4" aria-labelledby="key-policy-heading">
      <div className="grid gap-1">
        <h3 id="key-policy-heading" className="text-lg font-semibold">
          Key policy
        </h3>
        <p className="text-sm text-muted-foreground">How long API keys may live. Changes apply to the next check of every key.</p>
      </div>
      <form ref={formRef} onSubmit={submit} onChange={onChange} className="grid gap-4" noValidate aria-label="Key policy">
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
            <SubmitButton pending={pending || previewing}>Save</SubmitButton>
          </div>
        </fieldset>
      </form>
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => (open ? null : setConfirm(null))}
        title="Lower the maximum key lifetime?"
        description={
          confirm ? (
            <>
              A maximum of {confirm.fields.maxLifetimeDays} days ends {keysText(confirm.endsAtOnce)} at once: {confirm.endsAtOnce === 1 ? "it is" : "they are"} older than
              that. Systems using {confirm.endsAtOnce === 1 ? "it" : "them"} are refused from the next check and need new keys.
            </>
          ) : null
        }
        action={saveKeyPolicy}
        fields={confirm?.fields ?? {}}
        confirmLabel={confirm ? `Save and end ${keysText(confirm.endsAtOnce)}` : "Save"}
      />
    </section>
  );
}
