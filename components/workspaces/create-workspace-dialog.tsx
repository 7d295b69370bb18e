"use client";
import { useId } from "react";
import { FieldErrors, FormField } from "@/components/forms/form-field";
import { FormDialog } from "@/components/forms/form-dialog";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { createWorkspace } from "@/lib/actions/workspaces";
import { OPIK_DEFAULT_WORKSPACE_ID, opikDefaultWorkspaceTakenMessage } from "@/lib/validations/workspaces";

/** `opikDefaultHolder`: the name of the workspace that already has Opik's built-in id, if one does. */
export function CreateWorkspaceDialog({ canWrite, opikDefaultHolder }: { canWrite: boolean; opikDefaultHolder: string | null }) {
  return (
    <FormDialog
      title="Create workspace"
      canWrite={canWrite}
      description="Opik keeps each workspace's data apart by the workspace's id, which is new for every workspace created here. Deleting a workspace orphans its data in Opik: a workspace created later with the same name does not see it."
    >
      {(close) => <CreateWorkspaceForm onCreated={close} opikDefaultHolder={opikDefaultHolder} />}
    </FormDialog>
  );
}

function CreateWorkspaceForm({ onCreated, opikDefaultHolder }: { onCreated: () => void; opikDefaultHolder: string | null }) {
  const { pending, onSubmit, onChange, fieldErrors } = useActionForm(createWorkspace, { onSuccess: onCreated });
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Create workspace">
      <FormField
        label="Name"
        name="name"
        errors={fieldErrors.name}
        hint='Lowercase letters, digits and "-", up to 63 characters, starting with a letter or digit.'
      >
        {(p) => <Input {...p} placeholder="e.g. team-a" autoComplete="off" required autoFocus />}
      </FormField>
      <KeepOpikDataField holder={opikDefaultHolder} errors={fieldErrors.adoptOpikDefaultWorkspace} />
      <DialogFooter>
        <SubmitButton pending={pending}>Create</SubmitButton>
      </DialogFooter>
    </form>
  );
}

function KeepOpikDataField({ holder, errors }: { holder: string | null; errors?: string[] }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const reasonId = `${id}-reason`;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const describedBy = [hintId, holder ? reasonId : undefined, errorId].filter(Boolean).join(" ");
  return (
    <div className="grid gap-2">
      <label htmlFor={id} className="flex items-center gap-2 text-sm font-medium has-disabled:opacity-70">
        <input
          id={id}
          type="checkbox"
          name="adoptOpikDefaultWorkspace"
          className="size-4 accent-primary"
          disabled={holder !== null}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
        />
        Keep the data Opik logged before authentication was on
      </label>
      <p id={hintId} className="text-xs text-muted-foreground">
        Gives this workspace Opik&apos;s built-in workspace id <code>{OPIK_DEFAULT_WORKSPACE_ID}</code>, so the traces, projects
        and datasets logged without authentication stay visible in it. You still choose its name.
      </p>
      {holder ? (
        <p id={reasonId} className="text-xs text-muted-foreground">
          {opikDefaultWorkspaceTakenMessage(holder)}
        </p>
      ) : null}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}
