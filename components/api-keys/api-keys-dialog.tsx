"use client";
import { Plus } from "lucide-react";
import { useState } from "react";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { ApiKeyDto } from "@/db/queries/api-keys";
import { createApiKey } from "@/lib/actions/api-keys";
import { ApiKeyList } from "./key-list";
import { RevealedKey } from "./revealed-key";

export type ApiKeysAccount = { id: string; name: string; defaultWorkspaceName: string | null };

/**
 * The API keys modal. A new key is held only in this component's state while it is revealed; closing
 * with a key still shown asks first, and closing drops it.
 */
export function ApiKeysDialog({
  account,
  keys,
  canWrite,
  onClose,
}: {
  account: ApiKeysAccount;
  keys: ApiKeyDto[];
  canWrite: boolean;
  onClose: () => void;
}) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const { pending, onSubmit, fieldErrors } = useActionForm(createApiKey, {
    onSuccess: (result) => {
      if (result.data) setRevealed(result.data.key);
      setFormKey((k) => k + 1);
    },
  });

  function close() {
    setRevealed(null);
    onClose();
  }

  return (
    <>
      <Dialog open onOpenChange={(open) => (open ? undefined : revealed ? setConfirmClose(true) : close())}>
        <DialogContent className="sm:max-w-2xl">
          <DialogHeader>
            <DialogTitle>API keys of {account.name}</DialogTitle>
            <DialogDescription>
              Systems authenticate as this service account with these keys. Keys are stored as hashes: a key is shown in full
              only once, when it is added.
            </DialogDescription>
          </DialogHeader>
          {revealed ? (
            <RevealedKey apiKey={revealed} workspace={account.defaultWorkspaceName} onDone={() => setRevealed(null)} />
          ) : null}
          {canWrite ? (
            <form key={formKey} onSubmit={onSubmit} className="flex items-end gap-2" noValidate aria-label="Add key">
              <input type="hidden" name="serviceAccountId" value={account.id} />
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
          ) : null}
          <ApiKeyList serviceAccountId={account.id} keys={keys} canWrite={canWrite} />
        </DialogContent>
      </Dialog>
      <AlertDialog open={confirmClose} onOpenChange={setConfirmClose}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Close without the key?</AlertDialogTitle>
            <AlertDialogDescription>
              You won&apos;t see this key again. If you have not copied it, keep the window open and copy it first.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep open</AlertDialogCancel>
            <Button
              variant="destructive"
              onClick={() => {
                setConfirmClose(false);
                close();
              }}
            >
              Close
            </Button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}
