"use client";
import { KeyRound, LogOut, MailX, Pencil, UserCheck, UserMinus, UserX } from "lucide-react";
import { RowMenu, useRowDialogs, type RowMenuItem } from "@/components/data-table/row-menu";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import type { PersonRow } from "@/db/queries/administrators";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { removePersonAction, revokeInvitationAction, setPersonDisabledAction } from "@/lib/actions/people";
import { EditPersonDialog } from "./edit-person-dialog";
import { OWN_PASSWORD_HINT, ResetPasswordDialog } from "./reset-password-dialog";
import { SignOutEverywhereDialog } from "./sign-out-everywhere-dialog";

/**
 * One row menu (as Service Accounts has, so the table fits at 1280 px): Edit person, Reset password,
 * Sign out everywhere, Disable/Enable person, Revoke invitation (while one is open) and Remove
 * person. Viewers see them disabled; Reset, Disable and Remove are never for yourself. The dialogs live beside the menu and give focus back
 * to its trigger.
 */
export function PersonRowActions({ person, workspaces, canWrite, isYou }: { person: PersonRow; workspaces: WorkspaceOption[]; canWrite: boolean; isYou: boolean }) {
  const { trigger, setOpen, dialog } = useRowDialogs<"edit" | "reset" | "signOut" | "toggle" | "remove" | "revoke">();
  const disabled = person.disabledAt !== null;
  const verb = disabled ? "Enable" : "Disable";
  const self = (hint: string) => (canWrite && isYou ? { disabled: true, hint } : { disabled: !canWrite });
  const items: RowMenuItem[] = [
    { label: "Edit person", icon: Pencil, onSelect: () => setOpen("edit"), disabled: !canWrite },
    { label: "Reset password", icon: KeyRound, onSelect: () => setOpen("reset"), ...self(OWN_PASSWORD_HINT) },
    { label: "Sign out everywhere", icon: LogOut, onSelect: () => setOpen("signOut"), disabled: !canWrite },
    { label: `${verb} person`, icon: disabled ? UserCheck : UserX, onSelect: () => setOpen("toggle"), ...self(`You cannot ${verb.toLowerCase()} yourself`) },
    // Only while a link is out: it stops working at once (docs/people-and-roles.md "Invitations").
    ...(person.invitationExpiresAt ? [{ label: "Revoke invitation", icon: MailX, onSelect: () => setOpen("revoke"), destructive: true, disabled: !canWrite }] : []),
    { label: "Remove person", icon: UserMinus, onSelect: () => setOpen("remove"), destructive: true, ...self("You cannot remove yourself") },
  ];
  return (
    <div className="flex items-center justify-end">
      <RowMenu ref={trigger} target={person.email} items={items} notice={canWrite ? undefined : "Viewers cannot make changes"} />
      {canWrite ? (
        <>
          <EditPersonDialog person={person} workspaces={workspaces} canWrite={canWrite} isYou={isYou} {...dialog("edit")} />
          <ResetPasswordDialog person={person} canWrite={canWrite} {...dialog("reset")} />
          <SignOutEverywhereDialog person={person} isYou={isYou} {...dialog("signOut")} />
          <ConfirmDialog
            {...dialog("toggle")}
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
            {...dialog("revoke")}
            title={`Revoke the invitation of ${person.email}?`}
            description={`Its link stops working now. ${person.name} stays, without a password: Reset password sets one, or Remove person removes them.`}
            action={revokeInvitationAction}
            fields={{ id: person.id }}
            confirmLabel="Revoke"
            inlineFormError
          />
          <ConfirmDialog
            {...dialog("remove")}
            title={`Remove person ${person.email}?`}
            description={`${person.name} can no longer sign in, here or to Opik's web UI; a session already open ends with the next request. Audit events keep their name.`}
            action={removePersonAction}
            fields={{ id: person.id }}
            confirmLabel="Remove"
            inlineFormError
          />
        </>
      ) : null}
    </div>
  );
}
