"use client";
import { LogOut } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Button } from "@/components/ui/button";
import { viewerReason } from "@/lib/auth/roles";
import type { AdministratorDto } from "@/db/queries/administrators";
import { signOutEverywhereAction } from "@/lib/actions/people";

/** Ends every session of one person, yourself included; admins only. */
export function SignOutEverywhereDialog({ person, canWrite, isYou }: { person: AdministratorDto; canWrite: boolean; isYou: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="ghost" size="sm" disabledReason={viewerReason(canWrite)} aria-label={`Sign out everywhere ${person.email}`}>
          <LogOut aria-hidden />
          Sign out everywhere
        </Button>
      }
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
