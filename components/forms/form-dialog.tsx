"use client";
import { Plus } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";

/**
 * A create dialog: a trigger button, a title, and a form that starts empty on every opening (it is
 * remounted) and keeps what was typed while the dialog stays open. `trigger` replaces the default
 * "+ title" button (e.g. a row's Reset password); it is then the caller's to disable.
 */
export function FormDialog({
  title,
  description,
  canWrite,
  trigger,
  children,
}: {
  title: string;
  description: ReactNode;
  canWrite: boolean;
  trigger?: ReactNode;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setFormKey((k) => k + 1);
      }}
    >
      <DialogTrigger asChild>
        {trigger ?? (
          <Button disabled={!canWrite} title={canWrite ? undefined : "Viewers cannot make changes"}>
            <Plus aria-hidden />
            {title}
          </Button>
        )}
      </DialogTrigger>
      <DialogContent>
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
