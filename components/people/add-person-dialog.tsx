"use client";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { WorkspaceAccessFields } from "@/components/workspaces/workspace-access-fields";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { addPersonAction } from "@/lib/actions/people";
import { RoleSelect } from "./role-select";
import { SeeUnmaskedField } from "./see-unmasked-field";

export const ROLES_HELP = "Admins change everything; viewers read the dashboard; members use Opik's web UI only, in their workspaces.";
export const WORKSPACE_HINT = "Optional. Where Opik's web UI opens for them (the workspace \"default\").";

export function AddPersonDialog({ workspaces, canWrite }: { workspaces: WorkspaceOption[]; canWrite: boolean }) {
  return (
    <FormDialog title="Add person" canWrite={canWrite} description={`Someone who signs in here and to Opik's web UI. ${ROLES_HELP}`}>
      {(close) => <AddPersonForm workspaces={workspaces} onAdded={close} />}
    </FormDialog>
  );
}

function AddPersonForm({ workspaces, onAdded }: { workspaces: WorkspaceOption[]; onAdded: () => void }) {
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(addPersonAction, { onSuccess: onAdded, inlineFormError: true });
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Add person">
      <FormField label="Email" name="email" errors={fieldErrors.email}>
        {(p) => <Input {...p} type="email" autoComplete="off" required autoFocus />}
      </FormField>
      <FormField label="Name" name="name" errors={fieldErrors.name}>
        {(p) => <Input {...p} autoComplete="off" required />}
      </FormField>
      <FormField label="Password" name="password" errors={fieldErrors.password} hint="At least 12 characters. Give it to the person through a safe channel.">
        {(p) => <Input {...p} type="password" autoComplete="new-password" required />}
      </FormField>
      <FormField label="Role" name="role" errors={fieldErrors.role}>
        {(p) => <RoleSelect {...p} defaultValue="member" />}
      </FormField>
      <SeeUnmaskedField errors={fieldErrors.seeUnmasked} />
      <WorkspaceAccessFields workspaces={workspaces} fieldErrors={fieldErrors} defaultHint={WORKSPACE_HINT} />
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Add person</SubmitButton>
      </DialogFooter>
    </form>
  );
}
