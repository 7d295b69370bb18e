"use client";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormField } from "@/components/forms/form-field";
import { Input } from "@/components/ui/input";
import { deleteServiceAccount } from "@/lib/actions/service-accounts";
import type { RowDialogProps } from "./row-dialog";

/** Delete service account, opened from the row menu: names the account and its keys, and asks for the name. */
export function DeleteServiceAccountDialog({ account, open, onOpenChange, returnFocusTo }: RowDialogProps) {
  const [typed, setTyped] = useState("");
  const keys = account.apiKeyCount === 1 ? "its 1 API key" : `all ${account.apiKeyCount} of its API keys`;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        setTyped("");
      }}
      returnFocusTo={returnFocusTo}
      title={`Delete service account ${account.name}?`}
      description={
        <>
          Deleting <strong>{account.name}</strong> revokes {keys} immediately. Any system using{" "}
          {account.apiKeyCount === 1 ? "it" : "them"} will stop working. This cannot be undone.
        </>
      }
      action={deleteServiceAccount}
      fields={{ id: account.id }}
      confirmLabel="Delete"
      confirmDisabled={typed.trim() !== account.name}
    >
      {(fieldErrors) => (
        <FormField label={`Type ${account.name} to confirm`} name="confirmName" errors={fieldErrors.confirmName}>
          {(p) => <Input {...p} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />}
        </FormField>
      )}
    </ConfirmDialog>
  );
}
