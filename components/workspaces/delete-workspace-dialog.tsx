"use client";
import { Trash2 } from "lucide-react";
import { useEffect, useState } from "react";
import { RowMenu, useRowDialogs, type RowDialogState } from "@/components/data-table/row-menu";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { returnFocus } from "@/components/forms/form-dialog";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { deleteWorkspace, workspaceUsageAction } from "@/lib/actions/workspaces";
import { USAGE_LIMIT, type WorkspaceUsage } from "@/lib/validations/workspaces";

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

type Check = { state: "checking" } | { state: "free" } | { state: "in-use"; usage: WorkspaceUsage } | { state: "failed"; message: string };

/**
 * Delete workspace: on opening, asks who uses the workspace (workspaceUsageAction). In use, the
 * dialog names them and offers nothing to confirm; free, it asks to confirm the delete.
 */
function DeleteWorkspaceDialog({ workspace, ...row }: { workspace: { id: string; name: string } } & RowDialogState) {
  const [check, setCheck] = useState<Check>({ state: "checking" });
  useEffect(() => {
    // Closed: the next opening checks again, from "checking".
    setCheck({ state: "checking" });
    if (!row.open) return;
    let current = true;
    workspaceUsageAction(null, { id: workspace.id }).then(
      (result) => {
        if (!current) return;
        if (!result.ok || !result.data) setCheck({ state: "failed", message: result.ok ? "Could not check who uses this workspace." : result.message });
        else {
          const { accounts, people, groups } = result.data.usage;
          setCheck(accounts.length + people.length + groups.length > 0 ? { state: "in-use", usage: result.data.usage } : { state: "free" });
        }
      },
      () => current && setCheck({ state: "failed", message: "Could not check who uses this workspace. Try again." }),
    );
    return () => {
      current = false;
    };
  }, [row.open, workspace.id]);

  if (check.state === "free") {
    return (
      <ConfirmDialog
        {...row}
        title={`Delete workspace ${workspace.name}?`}
        description={
          <>
            Clients can no longer use <strong>{workspace.name}</strong>, and its data in Opik is orphaned: Opik keeps it under
            this workspace&apos;s id, and a workspace created later with the same name gets a new id.
          </>
        }
        action={deleteWorkspace}
        fields={{ id: workspace.id }}
        confirmLabel="Delete"
        inlineFormError
      />
    );
  }
  return (
    <AlertDialog open={row.open} onOpenChange={row.onOpenChange}>
      <AlertDialogContent onCloseAutoFocus={returnFocus(row.returnFocusTo)}>
        <AlertDialogHeader>
          <AlertDialogTitle>{check.state === "in-use" ? `Workspace ${workspace.name} is in use` : `Delete workspace ${workspace.name}?`}</AlertDialogTitle>
          <AlertDialogDescription>
            {check.state === "checking" ? `Checking who uses ${workspace.name}…` : null}
            {check.state === "failed" ? check.message : null}
            {check.state === "in-use" ? "It cannot be deleted while anyone uses it. Remove it from these first, then delete it:" : null}
          </AlertDialogDescription>
        </AlertDialogHeader>
        {check.state === "in-use" ? <UsageList usage={check.usage} /> : null}
        <AlertDialogFooter>
          <AlertDialogCancel type="button">{check.state === "in-use" ? "Close" : "Cancel"}</AlertDialogCancel>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

const named = (names: string[]) => (names.length > USAGE_LIMIT ? `${names.slice(0, USAGE_LIMIT).join(", ")} and others` : names.join(", "));

function UsageList({ usage }: { usage: WorkspaceUsage }) {
  const users = [
    { label: "Service accounts", names: usage.accounts },
    { label: "People", names: usage.people },
    { label: "Group mappings (Settings)", names: usage.groups },
  ].filter((u) => u.names.length > 0);
  return (
    <dl aria-label="Used by" className="grid gap-2 text-sm">
      {users.map((u) => (
        <div key={u.label} className="grid gap-0.5">
          <dt className="font-medium">{u.label}</dt>
          <dd className="break-words text-muted-foreground">{named(u.names)}</dd>
        </div>
      ))}
    </dl>
  );
}
