"use client";
import { Plus } from "lucide-react";
import { useState } from "react";
import { FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { createWorkspace } from "@/lib/actions/workspaces";

export function CreateWorkspaceDialog({ canWrite }: { canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setFormKey((k) => k + 1);
      }}
    >
      <DialogTrigger asChild>
        <Button disabled={!canWrite} title={canWrite ? undefined : "Viewers cannot make changes"}>
          <Plus aria-hidden />
          Create workspace
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create workspace</DialogTitle>
          <DialogDescription>
            Opik keeps each workspace&apos;s data apart. Its id never changes, even if you recreate a workspace with the
            same name.
          </DialogDescription>
        </DialogHeader>
        <CreateWorkspaceForm key={formKey} onCreated={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function CreateWorkspaceForm({ onCreated }: { onCreated: () => void }) {
  const { pending, onSubmit, fieldErrors } = useActionForm(createWorkspace, { onSuccess: onCreated });
  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate aria-label="Create workspace">
      <FormField
        label="Name"
        name="name"
        errors={fieldErrors.name}
        hint='Lowercase letters, digits and "-", up to 63 characters, starting with a letter or digit.'
      >
        {(p) => <Input {...p} placeholder="team-a" autoComplete="off" required autoFocus />}
      </FormField>
      <DialogFooter>
        <SubmitButton pending={pending}>Create</SubmitButton>
      </DialogFooter>
    </form>
  );
}
