"use client";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Button } from "@/components/ui/button";
import type { ApiKeyDto } from "@/db/queries/api-keys";
import { deleteApiKey } from "@/lib/actions/api-keys";
import { formatDateTime } from "@/lib/format";

export function ApiKeyList({ serviceAccountId, keys, canWrite }: { serviceAccountId: string; keys: ApiKeyDto[]; canWrite: boolean }) {
  if (keys.length === 0) {
    return <p className="text-sm text-muted-foreground">No API keys yet. Add one to let a system authenticate as this account.</p>;
  }
  return (
    <ul className="grid divide-y rounded-md border" aria-label="API keys">
      {keys.map((key) => (
        <li key={key.id} className="flex items-center justify-between gap-3 p-3">
          <div className="grid min-w-0 gap-0.5 text-sm">
            <span className="truncate font-medium">{key.name ?? "Unnamed key"}</span>
            <code className="text-xs text-muted-foreground" data-testid="key-hint">
              {key.hint}
            </code>
            <span className="text-xs text-muted-foreground">
              Created {formatDateTime(key.createdAt)} · {key.lastUsedAt ? `Last used ${formatDateTime(key.lastUsedAt)}` : "Never used"}
            </span>
          </div>
          <DeleteKey serviceAccountId={serviceAccountId} apiKey={key} canWrite={canWrite} />
        </li>
      ))}
    </ul>
  );
}

function DeleteKey({ serviceAccountId, apiKey, canWrite }: { serviceAccountId: string; apiKey: ApiKeyDto; canWrite: boolean }) {
  const [open, setOpen] = useState(false);
  const label = apiKey.name ? `"${apiKey.name}" (${apiKey.hint})` : apiKey.hint;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive" disabled={!canWrite}>
          <Trash2 aria-hidden />
          Delete key
        </Button>
      }
      title={`Delete API key ${label}?`}
      description="The key stops working immediately: the next request that uses it is refused. This cannot be undone."
      action={deleteApiKey}
      fields={{ serviceAccountId, keyId: apiKey.id }}
      confirmLabel="Delete key"
    />
  );
}
