"use client";
import { Ban } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Button } from "@/components/ui/button";
import type { ManagementTokenRow } from "@/db/queries/management-tokens";
import { revokeManagementTokenAction } from "@/lib/actions/management-tokens";
import { viewerReason } from "@/lib/auth/roles";

export function RevokeTokenButton({ token, canWrite }: { token: ManagementTokenRow; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive" disabledReason={viewerReason(canWrite)} aria-label={`Revoke token ${token.name}`}>
          <Ban aria-hidden />
          Revoke token
        </Button>
      }
      title={`Revoke token ${token.name}?`}
      description="Every request with this token is refused from now on. This cannot be undone: create another token for the job that used it."
      action={revokeManagementTokenAction}
      fields={{ id: token.id }}
      confirmLabel="Revoke token"
      inlineFormError
    />
  );
}
