"use client";
import { TriangleAlert } from "lucide-react";
import { SecretField } from "@/components/forms/secret-field";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format";

/**
 * The invitation link, once (as a new key or token): it lives only in the state of the dialog that
 * created it and is gone when dismissed or when the dialog closes.
 */
export function InvitationReveal({ email, link, expiresAt, onDone }: { email: string; link: string; expiresAt: Date; onDone: () => void }) {
  return (
    <section className="grid min-w-0 gap-3 rounded-md border border-amber-300 bg-amber-50 p-3" aria-label="One-time reveal">
      <p className="flex items-start gap-2 text-sm font-medium text-amber-900" role="status">
        <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        Copy this link now and send it to {email} through a safe channel. It will not be shown again; it works once, until {formatDateTime(expiresAt)}.
      </p>
      <SecretField label="Invitation link" value={link} copyLabel="Copy link" />
      <p className="text-xs text-muted-foreground">Whoever opens it can set this person&apos;s password. Lost it? Revoke the invitation from the person&apos;s row menu, then Reset password.</p>
      <div className="flex justify-end">
        <Button type="button" size="sm" onClick={onDone}>
          I have sent the link
        </Button>
      </div>
    </section>
  );
}
