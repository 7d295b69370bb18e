"use client";
import { Ban } from "lucide-react";
import { RowMenu, useRowDialogs } from "@/components/data-table/row-menu";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import type { ManagementTokenRow } from "@/db/queries/management-tokens";
import { revokeManagementTokenAction } from "@/lib/actions/management-tokens";

/** The token's row menu (Revoke token), like every table's; viewers see the item disabled. */
export function TokenRowActions({ token, canWrite }: { token: ManagementTokenRow; canWrite: boolean }) {
  const { trigger, setOpen, dialog } = useRowDialogs<"revoke">();
  return (
    <div className="flex items-center justify-end">
      <RowMenu
        ref={trigger}
        target={token.name}
        items={[{ label: "Revoke token", icon: Ban, onSelect: () => setOpen("revoke"), destructive: true, disabled: !canWrite }]}
        notice={canWrite ? undefined : "Viewers cannot make changes"}
      />
      {canWrite ? (
        <ConfirmDialog
          {...dialog("revoke")}
          title={`Revoke token ${token.name}?`}
          description="Every request with this token is refused from now on. This cannot be undone: create another token for the job that used it."
          action={revokeManagementTokenAction}
          fields={{ id: token.id }}
          confirmLabel="Revoke token"
          inlineFormError
        />
      ) : null}
    </div>
  );
}
