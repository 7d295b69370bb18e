import { Bot } from "lucide-react";
import type { ReactNode } from "react";

export function ServiceAccountsEmptyState({ action }: { action: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-4 rounded-lg border border-dashed p-10 text-center">
      <Bot className="size-10 text-muted-foreground" aria-hidden />
      <div className="grid max-w-md gap-2">
        <h3 className="text-base font-semibold">No service accounts yet</h3>
        <p className="text-sm text-muted-foreground">
          A service account is a non-human identity for CI/CD pipelines, monitoring jobs and integrations. It signs in
          with API keys instead of a password, and can be restricted to the workspaces it needs.
        </p>
      </div>
      {action}
    </div>
  );
}
