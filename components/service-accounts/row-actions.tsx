"use client";
import { ManageApiKeysButton } from "@/components/api-keys/api-keys-modal";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import { DeleteServiceAccountDialog } from "./delete-service-account-dialog";

export function ServiceAccountRowActions({ account, canWrite }: { account: ServiceAccountRow; canWrite: boolean }) {
  return (
    <div className="flex justify-end gap-1 whitespace-nowrap">
      <ManageApiKeysButton serviceAccountId={account.id} />
      <DeleteServiceAccountDialog account={account} canWrite={canWrite} />
    </div>
  );
}
