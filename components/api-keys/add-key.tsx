"use client";
import { useRouter } from "next/navigation";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { createApiKey } from "@/lib/actions/api-keys";
import type { KeyPolicyLimits } from "@/lib/validations/expiry-options";
import { ExpiresField } from "./expires-field";
import { revealOf, type Reveal } from "./revealed-key";
import { ScopeField } from "./scope-field";

/**
 * The Add key form, opened by the panel's **Add key** button (issue 27: a click alone mints nothing):
 * Key name, Expires (the key policy's default, or 90 days) and Scope (Ingest only), then **Create
 * key**. The new key goes straight to `onCreated` (the modal's one-time reveal,
 * components/api-keys/use-reveal.ts), never into the form's action state, which would be posted back
 * with the next Add key.
 */
export function AddKey({
  serviceAccountId,
  policy,
  nowMs,
  onCreated,
  onCancel,
}: {
  serviceAccountId: string;
  policy: KeyPolicyLimits;
  nowMs: number;
  onCreated: (reveal: Reveal) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const { pending, onSubmit, onChange, fieldErrors } = useActionForm(createApiKey, {
    onSuccess: (result) => {
      if (result.data) onCreated(revealOf(result.data));
      // The list and the table's key count, in a response without the key (lib/actions/api-keys.ts).
      router.refresh();
    },
  });

  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-3 rounded-md border p-3" noValidate aria-label="Add key">
      <input type="hidden" name="serviceAccountId" value={serviceAccountId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField label="Key name" name="name" errors={fieldErrors.name} hint="Optional, e.g. github-actions.">
          {(p) => <Input {...p} placeholder="e.g. github-actions" autoComplete="off" maxLength={100} autoFocus />}
        </FormField>
        <ExpiresField policy={policy} nowMs={nowMs} errors={fieldErrors} />
      </div>
      <ScopeField errors={fieldErrors} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <SubmitButton pending={pending}>Create key</SubmitButton>
      </div>
    </form>
  );
}
