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
  const n = account.apiKeyCount;
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
          {n === 0 ? (
            <>
              Deleting <strong>{account.name}</strong> removes it for good. It has no API keys, so no system stops working.
            </>
          ) : (
            <>
              Deleting <strong>{account.name}</strong> revokes {n === 1 ? "its API key" : `all ${n} of its API keys`} immediately. Any
              system using {n === 1 ? "it" : "them"} will stop working.
            </>
          )}{" "}
          This cannot be undone.
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
