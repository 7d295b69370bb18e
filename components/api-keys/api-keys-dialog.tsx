"use client";
import { useState } from "react";
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
import { KeysPanel, type KeysPanelProps } from "./keys-panel";

/**
 * The modal opens by navigation (`?keys=`), not from a Radix trigger, so Radix has no control to
 * give focus back to on close: it goes back to the account's Manage API keys button, when present.
 */
function focusTriggerOf(accountId: string) {
  return (event: Event) => {
    const trigger = document.querySelector<HTMLElement>(`[data-keys-trigger="${CSS.escape(accountId)}"]`);
    if (!trigger) return;
    event.preventDefault();
    trigger.focus();
  };
}

export type ApiKeysAccount = { id: string; name: string; defaultWorkspaceName: string | null };

export type ApiKeysDialogProps = { account: ApiKeysAccount } & Omit<KeysPanelProps, "serviceAccountId" | "workspace">;

/**
 * The API keys modal. A new key is held by KeysPanel alone (this component only knows whether one
 * is showing uncopied); closing with a key shown that was never copied asks first, and closing drops it.
 */
export function ApiKeysDialog({ account, onClose, ...panel }: ApiKeysDialogProps & { onClose: () => void }) {
  const [keyShowing, setKeyShowing] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  // A new KeysPanel on close: its state, the key with it, is gone at once, not when the URL changes.
  const [session, setSession] = useState(0);

  function close() {
    setKeyShowing(false);
    setSession((s) => s + 1);
    onClose();
  }

  return (
    <>
      <Dialog open onOpenChange={(open) => (open ? undefined : keyShowing ? setConfirmClose(true) : close())}>
        <DialogContent className="sm:max-w-2xl" onCloseAutoFocus={focusTriggerOf(account.id)}>
          <DialogHeader>
            <DialogTitle>API keys of {account.name}</DialogTitle>
            <DialogDescription>
              Systems authenticate as this service account with these keys. Keys are stored as hashes: a key is shown in full
              only once, when it is added or rolled.
            </DialogDescription>
          </DialogHeader>
          <KeysPanel key={session} serviceAccountId={account.id} workspace={account.defaultWorkspaceName} {...panel} onUnsavedChange={setKeyShowing} />
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
