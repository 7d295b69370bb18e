"use client";
import { Ban, CircleCheck, Pencil, Trash2 } from "lucide-react";
import { useRef, useState, useTransition } from "react";
import { toast } from "sonner";
import { ManageApiKeysButton } from "@/components/api-keys/api-keys-modal";
import { RowMenu, type RowMenuItem } from "@/components/data-table/row-menu";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { setServiceAccountDisabled } from "@/lib/actions/service-accounts";
import { DeleteServiceAccountDialog } from "./delete-service-account-dialog";
import { DisableServiceAccountDialog } from "./disable-service-account-dialog";
import { EditServiceAccountDialog } from "./edit-service-account-dialog";

type Dialog = "edit" | "disable" | "delete" | null;

/**
 * Manage API keys, and one row menu with Edit, Disable/Enable and Delete service account. The
 * dialogs live beside the menu (not inside it, which closes on select) and hand focus back to its
 * trigger when they close. Enable takes effect at once: it gives back access, nothing to confirm.
 */
export function ServiceAccountRowActions({ account, workspaces, canWrite }: { account: ServiceAccountRow; workspaces: WorkspaceOption[]; canWrite: boolean }) {
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState<Dialog>(null);
  const [, startTransition] = useTransition();
  const dialog = (name: Exclude<Dialog, null>) => ({ open: open === name, onOpenChange: (next: boolean) => setOpen(next ? name : null), returnFocusTo: trigger });

  function enable() {
    const payload = new FormData();
    payload.set("id", account.id);
    payload.set("disabled", "false");
    startTransition(async () => {
      const result = await setServiceAccountDisabled(null, payload);
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
    });
  }

  const items: RowMenuItem[] = [
    { label: "Edit service account", icon: Pencil, onSelect: () => setOpen("edit"), disabled: !canWrite },
    account.disabledAt
      ? { label: "Enable service account", icon: CircleCheck, onSelect: enable, disabled: !canWrite }
      : { label: "Disable service account", icon: Ban, onSelect: () => setOpen("disable"), disabled: !canWrite },
    { label: "Delete service account", icon: Trash2, onSelect: () => setOpen("delete"), destructive: true, disabled: !canWrite },
  ];
  return (
    <div className="flex items-center justify-end gap-1 whitespace-nowrap">
      {/* Below 1280 px the button shows its icon only (its name stays for assistive tech, the title for the mouse), so the table fits from 1024 px. */}
      <span title="Manage API keys" className="contents max-xl:[&>button]:size-8 max-xl:[&>button]:gap-0 max-xl:[&>button]:px-0 max-xl:[&>button]:text-[0px]">
        <ManageApiKeysButton serviceAccountId={account.id} accountName={account.name} />
      </span>
      <RowMenu ref={trigger} target={account.name} items={items} notice={canWrite ? undefined : "Viewers cannot make changes"} />
      {canWrite ? (
        <>
          <EditServiceAccountDialog account={account} workspaces={workspaces} {...dialog("edit")} />
          <DisableServiceAccountDialog account={account} {...dialog("disable")} />
          <DeleteServiceAccountDialog account={account} {...dialog("delete")} />
        </>
      ) : null}
    </div>
  );
}
