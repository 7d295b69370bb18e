"use client";
import type { ReactNode, RefObject } from "react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import type { ActionResult, ActionState } from "@/lib/validations/action-result";
import { returnFocus } from "./form-dialog";
import { SubmitButton } from "./submit-button";
import { useActionForm } from "./use-action-form";

type ConfirmContent = {
  title: string;
  description: ReactNode;
  action: (prev: ActionState, payload: FormData) => Promise<ActionResult>;
  fields: Record<string, string>;
  confirmLabel: string;
  confirmDisabled?: boolean;
  inlineFormError?: boolean;
  children?: (fieldErrors: Record<string, string[]>) => ReactNode;
};

/**
 * Every destructive confirmation: an alert dialog that names the target and states the consequence,
 * then runs the action with the given hidden fields. `children` adds fields (e.g. type the name).
 * Opened from a row menu: no `trigger`, and `returnFocusTo` the menu's trigger.
 */
export function ConfirmDialog({
  trigger,
  open,
  onOpenChange,
  returnFocusTo,
  ...content
}: ConfirmContent & { trigger?: ReactNode; open: boolean; onOpenChange: (open: boolean) => void; returnFocusTo?: RefObject<HTMLElement | null> }) {
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      {trigger ? <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger> : null}
      <AlertDialogContent onCloseAutoFocus={returnFocus(returnFocusTo)}>
        {open ? <ConfirmForm {...content} onDone={() => onOpenChange(false)} /> : null}
      </AlertDialogContent>
    </AlertDialog>
  );
}

function ConfirmForm({
  title,
  description,
  action,
  fields,
  confirmLabel,
  confirmDisabled,
  inlineFormError,
  children,
  onDone,
}: ConfirmContent & { onDone: () => void }) {
  const { pending, onSubmit, onChange, fieldErrors, formError } = useActionForm(action, { onSuccess: onDone, inlineFormError });
  return (
    <form onSubmit={onSubmit} onChange={onChange} className="grid gap-4">
      <AlertDialogHeader>
        <AlertDialogTitle>{title}</AlertDialogTitle>
        <AlertDialogDescription>{description}</AlertDialogDescription>
      </AlertDialogHeader>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children?.(fieldErrors)}
      {inlineFormError && formError && Object.keys(fieldErrors).length === 0 ? (
        <p className="text-sm text-destructive">{formError}</p>
      ) : null}
      <AlertDialogFooter>
        <AlertDialogCancel type="button">Cancel</AlertDialogCancel>
        <SubmitButton variant="destructive" pending={pending} disabled={confirmDisabled}>
          {confirmLabel}
        </SubmitButton>
      </AlertDialogFooter>
    </form>
  );
}
