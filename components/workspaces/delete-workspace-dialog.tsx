"use client";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Button } from "@/components/ui/button";
import { viewerReason } from "@/lib/auth/roles";
import { deleteWorkspace } from "@/lib/actions/workspaces";

export function DeleteWorkspaceDialog({ workspace, canWrite }: { workspace: { id: string; name: string }; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive" disabledReason={viewerReason(canWrite)} aria-label={`Delete workspace ${workspace.name}`}>
          <Trash2 aria-hidden />
        </Button>
      }
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
