"use client";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
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
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
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
      </AlertDialogTrigger>
      <AlertDialogContent>
        {open ? <DeleteForm account={account} onDone={() => setOpen(false)} /> : null}
      </AlertDialogContent>
    </AlertDialog>
  );
}

function DeleteForm({ account, onDone }: { account: { id: string; name: string; apiKeyCount: number }; onDone: () => void }) {
  const { pending, onSubmit, fieldErrors } = useActionForm(deleteServiceAccount, { onSuccess: onDone });
  const [typed, setTyped] = useState("");
  const keys = account.apiKeyCount === 1 ? "its 1 API key" : `all ${account.apiKeyCount} of its API keys`;
  return (
    <form onSubmit={onSubmit} className="grid gap-4">
      <AlertDialogHeader>
        <AlertDialogTitle>Delete service account {account.name}?</AlertDialogTitle>
        <AlertDialogDescription>
          Deleting <strong>{account.name}</strong> revokes {keys} immediately. Any system using{" "}
          {account.apiKeyCount === 1 ? "it" : "them"} will stop working. This cannot be undone.
        </AlertDialogDescription>
      </AlertDialogHeader>
      <input type="hidden" name="id" value={account.id} />
      <FormField label={`Type ${account.name} to confirm`} name="confirmName" errors={fieldErrors.confirmName}>
        {(p) => <Input {...p} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />}
      </FormField>
      <AlertDialogFooter>
        <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
        <SubmitButton variant="destructive" pending={pending} disabled={typed.trim() !== account.name}>
          Delete
        </SubmitButton>
      </AlertDialogFooter>
    </form>
  );
}
