"use client";
import type { RowDialogState } from "@/components/data-table/row-menu";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import type { AdministratorDto } from "@/db/queries/administrators";
import { signOutEverywhereAction } from "@/lib/actions/people";

/** Ends every session of one person, yourself included; admins only, opened from the row menu. */
export function SignOutEverywhereDialog({ person, isYou, ...row }: { person: AdministratorDto; isYou: boolean } & RowDialogState) {
  return (
    <ConfirmDialog
      {...row}
      title={`Sign out ${person.email} everywhere?`}
      description={
        isYou
          ? "Every one of your sessions ends, in every browser, this one included: you will have to sign in again."
          : `Every session of ${person.name} ends at its next request, in every browser; they can sign in again with their password.`
      }
      action={signOutEverywhereAction}
      fields={{ id: person.id }}
      confirmLabel="Sign out everywhere"
      inlineFormError
    />
  );
}
