"use client";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Input } from "@/components/ui/input";
import { createApiKey } from "@/lib/actions/api-keys";
import { RevealedKey, type Reveal } from "./revealed-key";

/**
 * Add key and the one-time reveal of the key it creates. The key lives only in this component's
 * state (never in the form's action state, which would be posted back with the next Add key),
 * and is dropped when the administrator dismisses it or the modal closes (this unmounts).
 * `onRevealChange` tells the modal whether a key is showing, never which.
 */
export function AddKey({
  serviceAccountId,
  workspace,
  onRevealChange,
}: {
  serviceAccountId: string;
  workspace: string | null;
  onRevealChange: (showing: boolean) => void;
}) {
  const [reveal, setReveal] = useState<Reveal | null>(null);
  const [formKey, setFormKey] = useState(0);
  const router = useRouter();
  const { pending, onSubmit, fieldErrors } = useActionForm(createApiKey, {
    onSuccess: (result) => {
      if (result.data) show({ key: result.data.key });
      setFormKey((k) => k + 1);
      // The list and the table's key count, in a response without the key (lib/actions/api-keys.ts).
      router.refresh();
    },
  });

  function show(next: Reveal | null) {
    // Emptied in place as well as replaced: React keeps the previous render's state on the
    // component's other fiber until it renders again, so replacing alone would leave the key
    // reachable in the page's memory after the administrator dismissed it.
    if (reveal) reveal.key = "";
    setReveal(next);
    onRevealChange(next !== null);
  }

  return (
    <>
      {reveal ? <RevealedKey reveal={reveal} workspace={workspace} onDone={() => show(null)} /> : null}
      <form key={formKey} onSubmit={onSubmit} className="flex items-end gap-2" noValidate aria-label="Add key">
        <input type="hidden" name="serviceAccountId" value={serviceAccountId} />
        <div className="flex-1">
          <FormField label="Key name" name="name" errors={fieldErrors.name} hint="Optional, e.g. github-actions.">
            {(p) => <Input {...p} placeholder="github-actions" autoComplete="off" maxLength={100} />}
          </FormField>
        </div>
        <SubmitButton pending={pending} className="mb-6">
          <Plus aria-hidden />
          Add key
        </SubmitButton>
      </form>
    </>
  );
}
