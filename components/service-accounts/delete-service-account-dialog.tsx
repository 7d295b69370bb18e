"use client";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormField } from "@/components/forms/form-field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { deleteServiceAccount } from "@/lib/actions/service-accounts";

export function DeleteServiceAccountDialog({
  account,
  canWrite,
}: {
  account: { id: string; name: string; apiKeyCount: number };
  canWrite: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const keys = account.apiKeyCount === 1 ? "its 1 API key" : `all ${account.apiKeyCount} of its API keys`;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setTyped("");
      }}
      trigger={
        <Button
          variant="ghost"
          size="icon"
          className="text-destructive"
          disabled={!canWrite}
          aria-label={`Delete service account ${account.name}`}
          title="Delete service account"
        >
          <Trash2 aria-hidden />
        </Button>
      }
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
