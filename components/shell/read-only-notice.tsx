import { Eye } from "lucide-react";

/** What a viewer can do here, not only what they cannot. */
export const READ_ONLY_NOTICE =
  "You are a viewer: you can look at everything here (service accounts and their keys, workspaces, people, settings and the audit log) and export the audit log as CSV, but change nothing. To make a change, ask an admin.";

/** Shown at the top of every dashboard page for viewers: why every change is disabled. */
export function ReadOnlyNotice() {
  return (
    <p role="note" aria-label="Read-only access" className="mb-6 flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <Eye className="mt-0.5 size-4 shrink-0" aria-hidden />
      <span>{READ_ONLY_NOTICE}</span>
    </p>
  );
}
