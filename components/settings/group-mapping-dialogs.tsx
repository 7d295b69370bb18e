"use client";
import { Pencil, Trash2 } from "lucide-react";
import { RowMenu, useRowDialogs } from "@/components/data-table/row-menu";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { FormDialog } from "@/components/forms/form-dialog";
import { FormError, FormField } from "@/components/forms/form-field";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { RoleSelect } from "@/components/people/role-select";
import { SeeUnmaskedField } from "@/components/people/see-unmasked-field";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { WorkspaceAccessFields } from "@/components/workspaces/workspace-access-fields";
import type { GroupMappingRow } from "@/db/queries/sso-mappings";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { addGroupMappingAction, removeGroupMappingAction, updateGroupMappingAction } from "@/lib/actions/settings";

const DESCRIPTION =
  "People in this group at the identity provider get this role and these workspaces at their next single sign-on. Someone in several mapped groups gets the highest role and every workspace of them.";
const GROUP_HINT = "Exactly as the identity provider sends it in the groups claim: letter case and every character count.";
const DEFAULT_HINT = "Optional. Where Opik's web UI opens for them, unless a mapping listed earlier gives a default.";

type Action = typeof addGroupMappingAction | typeof updateGroupMappingAction;

/** Group, Role and Workspaces (a default and the authorized ones), shared by Add mapping and Edit mapping. */
function MappingForm({ action, mapping, workspaces, label, onDone }: { action: Action; mapping?: GroupMappingRow; workspaces: WorkspaceOption[]; label: string; onDone: () => void }) {
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(action, { onSuccess: onDone, inlineFormError: true });
  const initial = { defaultWorkspaceId: mapping?.defaultWorkspace?.id ?? "", authorizedWorkspaceIds: mapping?.workspaces.map((w) => w.id) ?? [] };
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4" noValidate aria-label={label}>
      {mapping ? <input type="hidden" name="id" value={mapping.id} /> : null}
      <FormField label="Group" name="group" errors={fieldErrors.group} hint={GROUP_HINT}>
        {(p) => <Input {...p} defaultValue={mapping?.group ?? ""} autoComplete="off" required autoFocus />}
      </FormField>
      <FormField label="Role" name="role" errors={fieldErrors.role}>
        {(p) => <RoleSelect {...p} defaultValue={mapping?.role ?? "member"} />}
      </FormField>
      <SeeUnmaskedField
        initial={mapping?.seeUnmasked ?? true}
        errors={fieldErrors.seeUnmasked}
        description="Off: with Opik's redaction on, people in this group see masked content, unless another of their mapped groups gives unmasked data."
      />
      <fieldset className="grid gap-4">
        <legend className="mb-2 text-sm font-medium">Workspaces</legend>
        <WorkspaceAccessFields workspaces={workspaces} fieldErrors={fieldErrors} initial={initial} defaultHint={DEFAULT_HINT} before={mapping ? initial.authorizedWorkspaceIds : undefined} who="people in this group" />
      </fieldset>
      <FormError message={formError} fieldErrors={fieldErrors} />
      <DialogFooter>
        <SubmitButton pending={pending}>{mapping ? "Save" : "Add mapping"}</SubmitButton>
      </DialogFooter>
    </form>
  );
}

export function AddMappingDialog({ workspaces, canWrite }: { workspaces: WorkspaceOption[]; canWrite: boolean }) {
  return (
    <FormDialog title="Add mapping" canWrite={canWrite} description={DESCRIPTION}>
      {(close) => <MappingForm action={addGroupMappingAction} workspaces={workspaces} label="Add mapping" onDone={close} />}
    </FormDialog>
  );
}

/** One row menu with Edit mapping and Remove mapping, like every table's; viewers see them disabled. */
export function MappingRowActions({ mapping, workspaces, canWrite }: { mapping: GroupMappingRow; workspaces: WorkspaceOption[]; canWrite: boolean }) {
  const { trigger, setOpen, dialog } = useRowDialogs<"edit" | "remove">();
  const of = `of ${mapping.group}`;
  return (
    <div className="flex items-center justify-end">
      <RowMenu
        ref={trigger}
        target={mapping.group}
        items={[
          { label: "Edit mapping", name: `Edit mapping ${of}`, icon: Pencil, onSelect: () => setOpen("edit"), disabled: !canWrite },
          { label: "Remove mapping", name: `Remove mapping ${of}`, icon: Trash2, onSelect: () => setOpen("remove"), destructive: true, disabled: !canWrite },
        ]}
        notice={canWrite ? undefined : "Viewers cannot make changes"}
      />
      {canWrite ? (
        <>
          <FormDialog title={`Edit mapping ${of}`} canWrite={canWrite} description={DESCRIPTION} {...dialog("edit")}>
            {(close) => <MappingForm action={updateGroupMappingAction} mapping={mapping} workspaces={workspaces} label={`Edit mapping ${of}`} onDone={close} />}
          </FormDialog>
          <ConfirmDialog
            {...dialog("remove")}
            title={`Remove mapping ${of}?`}
            description="At their next single sign-on, people in this group get only what their other mapped groups give; someone with no other mapped group is refused and signed out everywhere."
            action={removeGroupMappingAction}
            fields={{ id: mapping.id }}
            confirmLabel="Remove"
            inlineFormError
          />
        </>
      ) : null}
    </div>
  );
}
