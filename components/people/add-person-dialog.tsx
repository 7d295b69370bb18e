"use client";
import { useState } from "react";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { WorkspaceAccessFields } from "@/components/workspaces/workspace-access-fields";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { addPersonAction } from "@/lib/actions/people";
import { invitationPath } from "@/lib/auth/invitation-link";
import { FirstPasswordFields } from "./first-password-fields";
import { InvitationReveal } from "./invitation-reveal";
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
  // An invitation's link, shown once instead of closing (components/people/invitation-reveal.tsx).
  const [invited, setInvited] = useState<{ email: string; link: string; expiresAt: Date } | null>(null);
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(addPersonAction, {
    onSuccess: ({ data }) => {
      if (!data?.invitation) return onAdded();
      setInvited({ email: data.email, link: `${window.location.origin}${invitationPath(data.invitation.token)}`, expiresAt: new Date(data.invitation.expiresAt) });
    },
    inlineFormError: true,
  });
  const done = () => {
    setInvited(null);
    onAdded();
  };
  if (invited) return <InvitationReveal {...invited} onDone={done} />;
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label="Add person">
      <FormField label="Email" name="email" errors={fieldErrors.email}>
        {(p) => <Input {...p} type="email" autoComplete="off" required autoFocus />}
      </FormField>
      <FormField label="Name" name="name" errors={fieldErrors.name}>
        {(p) => <Input {...p} autoComplete="off" required />}
      </FormField>
      <FirstPasswordFields fieldErrors={fieldErrors} />
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
