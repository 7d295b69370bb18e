"use client";
import { Trash2 } from "lucide-react";
import { useState } from "react";
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
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { deleteWorkspace } from "@/lib/actions/workspaces";

export function DeleteWorkspaceDialog({ workspace, canWrite }: { workspace: { id: string; name: string }; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-destructive" disabled={!canWrite} aria-label={`Delete workspace ${workspace.name}`}>
          <Trash2 aria-hidden />
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>{open ? <DeleteForm workspace={workspace} onDone={() => setOpen(false)} /> : null}</AlertDialogContent>
    </AlertDialog>
  );
}

function DeleteForm({ workspace, onDone }: { workspace: { id: string; name: string }; onDone: () => void }) {
  const { pending, onSubmit, formError } = useActionForm(deleteWorkspace, { onSuccess: onDone, inlineFormError: true });
  return (
    <form onSubmit={onSubmit} className="grid gap-4">
      <AlertDialogHeader>
        <AlertDialogTitle>Delete workspace {workspace.name}?</AlertDialogTitle>
        <AlertDialogDescription>
          Clients can no longer use <strong>{workspace.name}</strong>. A workspace that a service account uses cannot be
          deleted.
        </AlertDialogDescription>
      </AlertDialogHeader>
      <input type="hidden" name="id" value={workspace.id} />
      {formError ? <p className="text-sm text-destructive">{formError}</p> : null}
      <AlertDialogFooter>
        <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
        <SubmitButton variant="destructive" pending={pending}>
          Delete
        </SubmitButton>
      </AlertDialogFooter>
    </form>
  );
}
