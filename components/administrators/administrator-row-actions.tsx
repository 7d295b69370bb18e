"use client";
import { UserMinus } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import type { AdministratorDto } from "@/db/queries/administrators";
import { changeAdministratorRoleAction, removeAdministratorAction } from "@/lib/actions/administrators";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { SignOutEverywhereDialog } from "./sign-out-everywhere-dialog";

/** Role select (saves on change), Reset password and Remove, disabled for yourself and for viewers; Sign out everywhere, disabled for viewers. */
export function AdministratorRowActions({ admin, canWrite, isYou }: { admin: AdministratorDto; canWrite: boolean; isYou: boolean }) {
  const editable = canWrite && !isYou;
  const formRef = useRef<HTMLFormElement>(null);
  const { pending, onSubmit, state } = useActionForm(changeAdministratorRoleAction);
  const [role, setRole] = useState(admin.role);
  const [open, setOpen] = useState(false);
  // A refused change (e.g. the last admin) puts the select back to the stored role.
  useEffect(() => {
    if (state && !state.ok) setRole(admin.role);
  }, [state, admin.role]);
  return (
    <div className="flex items-center justify-end gap-2">
      <form ref={formRef} onSubmit={onSubmit}>
        <input type="hidden" name="id" value={admin.id} />
        <NativeSelect
          name="role"
          aria-label={`Role of ${admin.email}`}
          className="h-8 w-28"
          value={role}
          disabled={!editable || pending}
          onChange={(e) => {
            setRole(e.target.value as typeof role);
            queueMicrotask(() => formRef.current?.requestSubmit());
          }}
        >
          <option value="admin">admin</option>
          <option value="viewer">viewer</option>
        </NativeSelect>
      </form>
      <ResetPasswordDialog admin={admin} canWrite={canWrite} isYou={isYou} />
      <SignOutEverywhereDialog admin={admin} canWrite={canWrite} isYou={isYou} />
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        trigger={
          <Button variant="ghost" size="icon" className="text-destructive" disabled={!editable} aria-label={`Remove administrator ${admin.email}`}>
            <UserMinus aria-hidden />
          </Button>
        }
        title={`Remove administrator ${admin.email}?`}
        description={`${admin.name} can no longer sign in; a session already open ends with the next request. Audit events keep their name.`}
        action={removeAdministratorAction}
        fields={{ id: admin.id }}
        confirmLabel="Remove"
        inlineFormError
      />
    </div>
  );
}
