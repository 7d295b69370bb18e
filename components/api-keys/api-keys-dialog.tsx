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
import type { ApiKeyDto } from "@/db/queries/api-keys";
import { AddKey } from "./add-key";
import { ApiKeyList } from "./key-list";

export type ApiKeysAccount = { id: string; name: string; defaultWorkspaceName: string | null };

/**
 * The API keys modal. A new key is held by AddKey alone (this component only knows whether one is
 * showing); closing with a key still shown asks first, and closing drops it.
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
  const [keyShowing, setKeyShowing] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  // A new AddKey on close: its state, the key with it, is gone at once, not when the URL changes.
  const [session, setSession] = useState(0);

  function close() {
    setKeyShowing(false);
    setSession((s) => s + 1);
    onClose();
  }

  return (
    <>
      <Dialog open onOpenChange={(open) => (open ? undefined : keyShowing ? setConfirmClose(true) : close())}>
        <DialogContent className="sm:max-w-2xl">
          <DialogHeader>
            <DialogTitle>API keys of {account.name}</DialogTitle>
            <DialogDescription>
              Systems authenticate as this service account with these keys. Keys are stored as hashes: a key is shown in full
              only once, when it is added.
            </DialogDescription>
          </DialogHeader>
          {canWrite ? (
            <AddKey key={session} serviceAccountId={account.id} workspace={account.defaultWorkspaceName} onRevealChange={setKeyShowing} />
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
