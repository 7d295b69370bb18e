import type { Metadata } from "next";
import { InvitationForm } from "@/components/auth/invitation-form";

// The link's token is in the fragment, which reaches neither this server nor any log; the form
// reads it and posts it in a body. No referrer either way (next.config.ts sends the header too).
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

export default function InvitationPage() {
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <p className="text-sm font-medium text-muted-foreground">Service Accounts Admin</p>
        <h1 className="text-xl font-semibold">Set your password</h1>
      </div>
      <InvitationForm />
    </div>
  );
}
