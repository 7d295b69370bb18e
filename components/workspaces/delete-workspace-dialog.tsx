"use client";
import { Trash2 } from "lucide-react";
import { RowMenu, useRowDialogs, type RowDialogState } from "@/components/data-table/row-menu";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { deleteWorkspace } from "@/lib/actions/workspaces";

/** The workspace's row menu (Delete workspace), like every table's; viewers see the item disabled. */
export function WorkspaceRowActions({ workspace, canWrite }: { workspace: { id: string; name: string }; canWrite: boolean }) {
  const { trigger, setOpen, dialog } = useRowDialogs<"delete">();
  return (
    <div className="flex items-center justify-end">
      <RowMenu
        ref={trigger}
        target={workspace.name}
        items={[{ label: "Delete workspace", icon: Trash2, onSelect: () => setOpen("delete"), destructive: true, disabled: !canWrite }]}
        notice={canWrite ? undefined : "Viewers cannot make changes"}
      />
      {canWrite ? <DeleteWorkspaceDialog workspace={workspace} {...dialog("delete")} /> : null}
    </div>
  );
}

function DeleteWorkspaceDialog({ workspace, ...row }: { workspace: { id: string; name: string } } & RowDialogState) {
  return (
    <ConfirmDialog
      {...row}
      title={`Delete workspace ${workspace.name}?`}
      description={
        <>
          Clients can no longer use <strong>{workspace.name}</strong>, and its data in Opik is orphaned: Opik keeps it under
          this workspace&apos;s id, and a workspace created later with the same name gets a new id. A workspace that a service
          account or a person uses cannot be deleted.
        </>
      }
      action={deleteWorkspace}
      fields={{ id: workspace.id }}
      confirmLabel="Delete"
      inlineFormError
    />
  );
}
