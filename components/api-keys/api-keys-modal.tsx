"use client";
import { KeyRound } from "lucide-react";
import { useUrlParams } from "@/components/data-table/use-url-params";
import { Button } from "@/components/ui/button";
import { ApiKeysDialog, type ApiKeysDialogProps } from "./api-keys-dialog";

/** The modal is part of the URL (`?keys=<id>`), so the page's server component loads its keys. */
export function ApiKeysModal(props: ApiKeysDialogProps) {
  const { setParams } = useUrlParams();
  return <ApiKeysDialog {...props} onClose={() => setParams({ keys: null })} />;
}

export function ManageApiKeysButton({ serviceAccountId }: { serviceAccountId: string }) {
  const { setParams } = useUrlParams();
  return (
    <Button type="button" variant="outline" size="sm" onClick={() => setParams({ keys: serviceAccountId })}>
      <KeyRound aria-hidden />
      Manage API keys
    </Button>
  );
}
