"use client";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { FieldErrors, FormError } from "@/components/forms/form-field";
import { FormDialog } from "@/components/forms/form-dialog";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { viewerReason } from "@/lib/auth/roles";
import { DialogFooter } from "@/components/ui/dialog";
import type { ApiKeyDto } from "@/db/queries/api-keys";
import { rollApiKey } from "@/lib/actions/api-keys";
import { GRACE_LABELS, type GracePeriod } from "@/lib/validations/key-lifecycle";
import { keyLabel } from "./key-label";
import { revealOf, type Reveal } from "./revealed-key";

const GRACES = Object.keys(GRACE_LABELS) as GracePeriod[];

/**
 * Roll key: a new key with this key's name, scope and expiry rule, revealed once by the modal (`onRolled`,
 * the same reveal as Add key); this key keeps working for the chosen grace period.
 */
export function RollKeyDialog({
  serviceAccountId,
  apiKey,
  canWrite,
  onRolled,
}: {
  serviceAccountId: string;
  apiKey: ApiKeyDto;
  canWrite: boolean;
  onRolled: (reveal: Reveal) => void;
}) {
  const label = keyLabel(apiKey);
  return (
    <FormDialog
      title={`Roll API key ${label}`}
      canWrite={canWrite}
      description="A new key replaces this one: it keeps this key's name, scope and expiry rule and is shown once. This key keeps working for the grace period you choose, then is refused. Both stay listed with their last use, so you can see when your systems have switched."
      trigger={
        <Button variant="ghost" size="sm" disabledReason={viewerReason(canWrite)} aria-label={`Roll key ${label}`}>
          <RefreshCw aria-hidden />
          Roll key
        </Button>
      }
    >
      {(close) => <RollKeyForm serviceAccountId={serviceAccountId} apiKey={apiKey} onRolled={onRolled} onDone={close} />}
    </FormDialog>
  );
}

function RollKeyForm({
  serviceAccountId,
  apiKey,
  onRolled,
  onDone,
}: {
  serviceAccountId: string;
  apiKey: ApiKeyDto;
  onRolled: (reveal: Reveal) => void;
  onDone: () => void;
}) {
  const router = useRouter();
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(rollApiKey, {
    inlineFormError: true,
    onSuccess: (result) => {
      if (result.data) onRolled(revealOf(result.data, `This key replaces ${keyLabel(apiKey)}.`));
      onDone();
      // No revalidation in the action (the response would carry the key): refresh with a request of its own.
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label={`Roll API key ${keyLabel(apiKey)}`}>
      <input type="hidden" name="serviceAccountId" value={serviceAccountId} />
      <input type="hidden" name="keyId" value={apiKey.id} />
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Grace period</legend>
        <p className="text-xs text-muted-foreground">How long the old key keeps working after the roll.</p>
        {GRACES.map((grace) => (
          <label key={grace} className="flex items-center gap-2 text-sm">
            <input type="radio" name="grace" value={grace} defaultChecked={grace === "24h"} className="size-4 accent-primary" />
            {GRACE_LABELS[grace]}
          </label>
        ))}
        <FieldErrors errors={fieldErrors.grace} />
      </fieldset>
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Roll key</SubmitButton>
      </DialogFooter>
    </form>
  );
}
