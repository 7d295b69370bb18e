"use client";
import { Loader2 } from "lucide-react";
import type * as React from "react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";

/** The one submit button: disabled with a spinner while its form's action runs. */
export function SubmitButton({
  pending,
  children,
  ...props
}: React.ComponentProps<typeof Button> & { pending?: boolean }) {
  const status = useFormStatus();
  const busy = pending || status.pending;
  return (
    <Button type="submit" disabled={busy || props.disabled} aria-busy={busy || undefined} {...props}>
      {busy ? <Loader2 className="animate-spin" aria-hidden /> : null}
      {children}
    </Button>
  );
}
