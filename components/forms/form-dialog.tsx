"use client";
import { Plus } from "lucide-react";
import { useState, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { viewerReason } from "@/lib/auth/roles";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/**
 * Where focus goes when a dialog opened from a menu closes: the menu's trigger (the item that opened
 * it is gone). A trigger that left the page with its row (a delete) leaves Radix's default.
 */
export function returnFocus(to: RefObject<HTMLElement | null> | undefined) {
  if (!to) return undefined;
  return (event: Event) => {
    if (!to.current?.isConnected) return;
    event.preventDefault();
    to.current.focus();
  };
}

/**
 * A create dialog: a trigger button, a title, and a form that starts empty on every opening (it is
 * remounted) and keeps what was typed while the dialog stays open. `trigger` replaces the default
 * "+ title" button (e.g. a row's Reset password); it is then the caller's to disable. A dialog
 * opened from a row menu passes `open`/`onOpenChange` and no trigger, and `returnFocusTo` the menu's
 * trigger.
 */
export function FormDialog({
  title,
  description,
  canWrite,
  trigger,
  open: controlledOpen,
  onOpenChange,
  returnFocusTo,
  children,
}: {
  title: string;
  description: ReactNode;
  canWrite: boolean;
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
  children: (close: () => void) => ReactNode;
}) {
  const [ownOpen, setOwnOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const controlled = controlledOpen !== undefined;
  const open = controlled ? controlledOpen : ownOpen;
  const setOpen = (next: boolean) => {
    if (!controlled) setOwnOpen(next);
    onOpenChange?.(next);
    if (next) setFormKey((k) => k + 1);
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {controlled && !trigger ? null : (
        <DialogTrigger asChild>
          {trigger ?? (
            <Button disabledReason={viewerReason(canWrite)}>
              <Plus aria-hidden />
              {title}
            </Button>
          )}
        </DialogTrigger>
      )}
      <DialogContent onCloseAutoFocus={returnFocus(returnFocusTo)}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <div key={formKey} className="contents">
          {children(() => setOpen(false))}
        </div>
      </DialogContent>
    </Dialog>
  );
}
