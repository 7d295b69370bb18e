"use client";
import { KeyRound, Loader2 } from "lucide-react";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Button } from "@/components/ui/button";
import { ApiKeysDialog, type ApiKeysDialogProps } from "./api-keys-dialog";

/** The modal is part of the URL (`?keys=<id>`), so the page's server component loads its keys. */
export function ApiKeysModal(props: ApiKeysDialogProps) {
  const { setParams } = useUrlParams();
  return <ApiKeysDialog {...props} onClose={() => setParams({ keys: null })} />;
}

/** Opens the modal by navigation (the server loads the keys): a spinner and aria-busy until it is there. */
export function ManageApiKeysButton({ serviceAccountId, accountName }: { serviceAccountId: string; accountName: string }) {
  const { setParams, isNavigating } = useUrlParams();
  return (
    <Button
      type="button"
      variant="outline"
      size="sm"
      aria-label={`Manage API keys of ${accountName}`}
      data-keys-trigger={serviceAccountId}
      aria-busy={isNavigating || undefined}
      onClick={() => setParams({ keys: serviceAccountId })}
    >
      {isNavigating ? <Loader2 className="animate-spin" aria-hidden /> : <KeyRound aria-hidden />}
      Manage API keys
    </Button>
  );
}
