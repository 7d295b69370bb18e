"use client";
import { TriangleAlert } from "lucide-react";
import { useRouter } from "next/navigation";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { SecretField } from "@/components/forms/secret-field";
import { useReveal } from "@/components/api-keys/use-reveal";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Input, NativeSelect } from "@/components/ui/input";
import { createManagementTokenAction } from "@/lib/actions/management-tokens";
import { DEFAULT_TOKEN_EXPIRY, TOKEN_EXPIRY_CHOICES } from "@/lib/validations/management-tokens";

const EXPIRY_LABELS: Record<(typeof TOKEN_EXPIRY_CHOICES)[number], string> = { "7": "7 days", "30": "30 days", "90": "90 days", "365": "365 days", never: "Never" };

/**
 * Create token: Name, Access (Read or Write) and Expires; then the token once, in a field labelled
 * **New token**, held only in this dialog's state (components/api-keys/use-reveal.ts) and emptied
 * when dismissed or when the dialog closes.
 */
export function CreateTokenDialog({ canWrite }: { canWrite: boolean }) {
  return (
    <FormDialog
      title="Create token"
      canWrite={canWrite}
      description="A management token lets a script or CI job use the REST API under /api/v1/ (README, Automate it). Read reads everything; Write also changes it."
    >
      {(close) => <CreateTokenBody onDone={close} />}
    </FormDialog>
  );
}

function CreateTokenBody({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const { reveal, show } = useReveal<{ key: string }>(() => {});
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(createManagementTokenAction, {
    inlineFormError: true,
    onSuccess: (result) => {
      if (result.data) show({ key: (result.data as { token: string }).token });
      router.refresh();
    },
  });
  if (reveal) {
    return (
      <RevealedToken
        token={reveal.key}
        onDone={() => {
          show(null);
          onDone();
        }}
      />
    );
  }
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Create token">
      <FormField label="Name" name="name" errors={fieldErrors.name} hint="What uses it, e.g. terraform or nightly-key-roll.">
        {(p) => <Input {...p} autoComplete="off" maxLength={100} required autoFocus />}
      </FormField>
      <FormField label="Access" name="access" errors={fieldErrors.access}>
        {(p) => (
          <NativeSelect {...p} defaultValue="read">
            <option value="read">Read</option>
            <option value="write">Write</option>
          </NativeSelect>
        )}
      </FormField>
      <FormField label="Expires" name="expires" errors={fieldErrors.expires}>
        {(p) => (
          <NativeSelect {...p} defaultValue={DEFAULT_TOKEN_EXPIRY}>
            {TOKEN_EXPIRY_CHOICES.map((c) => (
              <option key={c} value={c}>
                {EXPIRY_LABELS[c]}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Create token</SubmitButton>
      </DialogFooter>
    </form>
  );
}

function RevealedToken({ token, onDone }: { token: string; onDone: () => void }) {
  return (
    <section className="grid min-w-0 gap-3 rounded-md border border-amber-300 bg-amber-50 p-3" aria-label="One-time reveal">
      <p className="flex items-start gap-2 text-sm font-medium text-amber-900" role="status">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        Copy this token now and store it securely. It will not be shown again; if you lose it, revoke it and create another.
      </p>
      <SecretField label="New token" value={token} copyLabel="Copy token" />
      <p className="text-xs text-muted-foreground">
        Send it as <code>Authorization: Bearer &lt;token&gt;</code>, never in a URL.
      </p>
      <div className="flex justify-end">
        <Button type="button" size="sm" onClick={onDone}>
          I have stored the token
        </Button>
      </div>
    </section>
  );
}
