"use client";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { setServiceAccountDisabled } from "@/lib/actions/service-accounts";
import type { RowDialogProps } from "./row-dialog";

/** Disable service account, opened from the row menu: says that every key stops working, and that nothing is deleted. */
export function DisableServiceAccountDialog({ account, open, onOpenChange, returnFocusTo }: RowDialogProps) {
  const n = account.apiKeyCount;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      returnFocusTo={returnFocusTo}
      title={`Disable service account ${account.name}?`}
      description={
        <>
          {n === 0
            ? "It has no API keys yet; any key added while it is disabled is refused too"
            : `${n === 1 ? "Its API key is" : `Its ${n} API keys are`} refused from the next request`}
          : any system using <strong>{account.name}</strong> stops working until you enable it again. Nothing is deleted, and
          enabling it restores the keys that are enabled now.
        </>
      }
      action={setServiceAccountDisabled}
      fields={{ id: account.id, disabled: "true" }}
      confirmLabel="Disable"
      inlineFormError
    />
  );
}
