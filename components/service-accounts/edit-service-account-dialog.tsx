"use client";
import { useState } from "react";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { DialogFooter } from "@/components/ui/dialog";
import { AccessNotice, Names } from "@/components/workspaces/workspace-access-fields";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { updateServiceAccount } from "@/lib/actions/service-accounts";
import type { RowDialogProps } from "./row-dialog";
import { ServiceAccountFields } from "./service-account-fields";


/** Edit service account, opened from the row menu: the create dialog's fields, filled in, with Save. */
export function EditServiceAccountDialog({
  account,
  workspaces,
  open,
  onOpenChange,
  returnFocusTo,
}: RowDialogProps<ServiceAccountRow> & { workspaces: WorkspaceOption[] }) {
  return (
    <FormDialog
      title={`Edit service account ${account.name}`}
      canWrite
      open={open}
      onOpenChange={onOpenChange}
      returnFocusTo={returnFocusTo}
      description="Changes apply to this account's API keys from their next request."
    >
      {(close) => <EditServiceAccountForm account={account} workspaces={workspaces} onSaved={close} />}
    </FormDialog>
  );
}

/** The workspaces the keys lose with this choice: those unchecked, or, from "All workspaces", all not checked (none for "All"). */
function removedWorkspaces(workspaces: WorkspaceOption[], before: string[], after: string[]): WorkspaceOption[] {
  if (after.length === 0) return [];
  return workspaces.filter((w) => !after.includes(w.id) && (before.length === 0 || before.includes(w.id)));
}

function EditServiceAccountForm({ account, workspaces, onSaved }: { account: ServiceAccountRow; workspaces: WorkspaceOption[]; onSaved: () => void }) {
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(updateServiceAccount, { onSuccess: onSaved, inlineFormError: true });
  const before = account.authorizedWorkspaces.map((w) => w.id);
  const [name, setName] = useState(account.name);
  const [authorized, setAuthorized] = useState(before);
  const removed = removedWorkspaces(workspaces, before, authorized);
  const renamed = name.trim() !== account.name && name.trim() !== "";
  const initial = {
    name: account.name,
    description: account.description ?? "",
    defaultWorkspaceId: account.defaultWorkspace?.id ?? "",
    authorizedWorkspaceIds: before,
  };
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label={`Edit service account ${account.name}`}>
      <input type="hidden" name="id" value={account.id} />
      <input type="hidden" name="revision" value={account.revision} />
      <ServiceAccountFields workspaces={workspaces} fieldErrors={fieldErrors} initial={initial} onNameChange={setName} onAuthorizedChange={setAuthorized} before={before} />
      <div aria-live="polite" className="grid gap-2 empty:hidden">
        {removed.length > 0 ? (
          <AccessNotice>
            {before.length === 0 ? "Allowing only the checked workspaces removes " : "Removing "}
            <Names list={removed} /> from the authorized workspaces: this account&apos;s keys are refused there from their next request,
            even where a system is using them right now.
          </AccessNotice>
        ) : null}
        {renamed ? (
          <AccessNotice>
            Opik records the account&apos;s name as the author of the data its keys log: data logged from now on shows{" "}
            <strong>{name.trim()}</strong>, data logged before keeps <strong>{account.name}</strong>.
          </AccessNotice>
        ) : null}
      </div>
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>Save</SubmitButton>
      </DialogFooter>
    </form>
  );
}
