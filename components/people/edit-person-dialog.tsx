"use client";
import type { RowDialogState } from "@/components/data-table/row-menu";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { WorkspaceAccessFields } from "@/components/workspaces/workspace-access-fields";
import type { PersonRow } from "@/db/queries/administrators";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { updatePersonAction } from "@/lib/actions/people";
import { ROLES_HELP, WORKSPACE_HINT } from "./add-person-dialog";
import { RoleSelect } from "./role-select";
import { SeeUnmaskedField } from "./see-unmasked-field";

const OWN_ROLE_REASON = "You cannot change your own role. Ask another admin.";
const GROUPS_MANAGED_HINT =
  "They follow this person's groups at the identity provider at each single sign-on. Change the group mappings on the Settings page, or the person's groups at the provider.";

/** Name, role and workspaces of one person; Save replaces them. Your own role stays as it is. Opened from the row menu. */
export function EditPersonDialog({
  person,
  workspaces,
  canWrite,
  isYou,
  ...row
}: { person: PersonRow; workspaces: WorkspaceOption[]; canWrite: boolean; isYou: boolean } & RowDialogState) {
  return (
    <FormDialog
      title={`Edit person ${person.email}`}
      canWrite={canWrite}
      {...row}
      description={`${ROLES_HELP} A new role ends their sessions; new workspaces apply to Opik's web UI at their next request.`}
    >
      {(close) => <EditPersonForm person={person} workspaces={workspaces} isYou={isYou} onSaved={close} />}
    </FormDialog>
  );
}

/**
 * A person managed by group mappings: role and workspaces shown, not editable (their next single
 * sign-on would overwrite them), and posted unchanged so that Save changes only the name.
 */
function ManagedAccess({ person }: { person: PersonRow }) {
  const workspaces = person.authorizedWorkspaces.length ? person.authorizedWorkspaces.map((w) => w.name).join(", ") : "Every workspace";
  return (
    <div className="grid gap-2 rounded-md border p-3 text-sm" role="group" aria-label="Set by group mappings">
      <p className="font-medium">Set by group mappings</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className="text-muted-foreground">Role</dt>
        <dd>{person.role}</dd>
        <dt className="text-muted-foreground">Default workspace</dt>
        <dd>{person.defaultWorkspace?.name ?? "None"}</dd>
        <dt className="text-muted-foreground">Authorized workspaces</dt>
        <dd>{workspaces}</dd>
      </dl>
      <p className="text-xs text-muted-foreground">{GROUPS_MANAGED_HINT}</p>
      <input type="hidden" name="role" value={person.role} />
      <input type="hidden" name="defaultWorkspaceId" value={person.defaultWorkspace?.id ?? ""} />
      <input type="hidden" name="allWorkspaces" value={String(person.authorizedWorkspaces.length === 0)} />
      {person.authorizedWorkspaces.map((w) => (
        <input key={w.id} type="hidden" name="authorizedWorkspaceIds" value={w.id} />
      ))}
    </div>
  );
}

function EditPersonForm({ person, workspaces, isYou, onSaved }: { person: PersonRow; workspaces: WorkspaceOption[]; isYou: boolean; onSaved: () => void }) {
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(updatePersonAction, { onSuccess: onSaved, inlineFormError: true });
  const initial = { defaultWorkspaceId: person.defaultWorkspace?.id ?? "", authorizedWorkspaceIds: person.authorizedWorkspaces.map((w) => w.id) };
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label={`Edit person ${person.email}`}>
      <input type="hidden" name="id" value={person.id} />
      <FormField label="Name" name="name" errors={fieldErrors.name}>
        {(p) => <Input {...p} defaultValue={person.name} autoComplete="off" required autoFocus />}
      </FormField>
      <SeeUnmaskedField initial={person.seeUnmasked} errors={fieldErrors.seeUnmasked} />
      {person.groupsManaged ? (
        <ManagedAccess person={person} />
      ) : (
        <>
          <FormField label="Role" name="role" errors={fieldErrors.role} hint={isYou ? OWN_ROLE_REASON : undefined}>
            {/* A disabled select posts nothing: your own role is posted unchanged from a hidden field. */}
            {(p) => (isYou ? <RoleSelect {...p} name="" defaultValue={person.role} disabled /> : <RoleSelect {...p} defaultValue={person.role} />)}
          </FormField>
          {isYou ? <input type="hidden" name="role" value={person.role} /> : null}
          <WorkspaceAccessFields workspaces={workspaces} fieldErrors={fieldErrors} initial={initial} defaultHint={WORKSPACE_HINT} before={initial.authorizedWorkspaceIds} who="this person" />
        </>
      )}
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Save</SubmitButton>
      </DialogFooter>
    </form>
  );
}
