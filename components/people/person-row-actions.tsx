"use client";
import { UserCheck, UserMinus, UserX } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Button } from "@/components/ui/button";
import { viewerReason } from "@/lib/auth/roles";
import type { PersonRow } from "@/db/queries/administrators";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { removePersonAction, setPersonDisabledAction } from "@/lib/actions/people";
import { EditPersonDialog } from "./edit-person-dialog";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { SignOutEverywhereDialog } from "./sign-out-everywhere-dialog";

/** Edit person, Reset password, Sign out everywhere and Remove person; viewers see them disabled, and Remove is never for yourself. */
export function PersonRowActions({ person, workspaces, canWrite, isYou }: { person: PersonRow; workspaces: WorkspaceOption[]; canWrite: boolean; isYou: boolean }) {
  const [open, setOpen] = useState(false);
  const [toggling, setToggling] = useState(false);
  const disabled = person.disabledAt !== null;
  const verb = disabled ? "Enable" : "Disable";
  return (
    <div className="flex items-center justify-end gap-1 whitespace-nowrap">
      <EditPersonDialog person={person} workspaces={workspaces} canWrite={canWrite} isYou={isYou} />
      <ResetPasswordDialog person={person} canWrite={canWrite} isYou={isYou} />
      <SignOutEverywhereDialog person={person} canWrite={canWrite} isYou={isYou} />
      <ConfirmDialog
        open={toggling}
        onOpenChange={setToggling}
        trigger={
          <Button
            variant="ghost"
            size="icon"
            disabledReason={viewerReason(canWrite) ?? (isYou ? `You cannot ${verb.toLowerCase()} yourself` : null)}
            aria-label={`${verb} person ${person.email}`}
            title={`${verb} person`}
          >
            {disabled ? <UserCheck aria-hidden /> : <UserX aria-hidden />}
          </Button>
        }
        title={`${verb} person ${person.email}?`}
        description={
          disabled
            ? `${person.name} can sign in again, here and to Opik's web UI.`
            : `${person.name} is signed out everywhere now, here and in Opik's web UI, and cannot sign in until enabled again.`
        }
        action={setPersonDisabledAction}
        fields={{ id: person.id, disabled: String(!disabled) }}
        confirmLabel={verb}
        inlineFormError
      />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        trigger={
          <Button
            variant="ghost"
            size="icon"
            className="text-destructive"
            disabledReason={viewerReason(canWrite) ?? (isYou ? "You cannot remove yourself" : null)}
            aria-label={`Remove person ${person.email}`}
          >
            <UserMinus aria-hidden />
          </Button>
        }
        title={`Remove person ${person.email}?`}
        description={`${person.name} can no longer sign in, here or to Opik's web UI; a session already open ends with the next request. Audit events keep their name.`}
        action={removePersonAction}
        fields={{ id: person.id }}
        confirmLabel="Remove"
        inlineFormError
      />
    </div>
  );
}
