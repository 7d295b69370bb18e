import type { Metadata } from "next";
import { ApiKeysModal } from "@/components/api-keys/api-keys-modal";
import { CreateServiceAccountDialog } from "@/components/service-accounts/create-service-account-dialog";
import { ServiceAccountsEmptyState } from "@/components/service-accounts/empty-state";
import { ServiceAccountsTable } from "@/components/service-accounts/service-accounts-table";
import { SearchNotice } from "@/components/data-table/search-notice";
import { getDb } from "@/db/client";
import { listApiKeys } from "@/db/queries/api-keys";
import { readKeyPolicy } from "@/db/queries/key-policy";
import { findServiceAccountForKeys, listServiceAccounts } from "@/db/queries/service-accounts";
import { listWorkspaceOptions } from "@/db/queries/workspaces";
import { can } from "@/lib/auth/roles";
import { now } from "@/lib/clock";
import { requireAdministrator } from "@/lib/auth/session";
import { apiKeysParamSchema, serviceAccountListParamsSchema } from "@/lib/validations/service-accounts";
import { holdsUnstorableText, printable, UNSEARCHABLE_NOTICE } from "@/lib/validations/storable-text";
import { guardRequest } from "@/lib/db-guard";
import { opikApiUrl } from "@/lib/opik-url";

export const metadata: Metadata = { title: "Service Accounts" };

export default async function ServiceAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const raw = await searchParams;
  const parsed = serviceAccountListParamsSchema.parse(raw);
  // A search no stored name can match (NUL, a lone surrogate) is not run: the database would refuse it.
  const unsearchable = holdsUnstorableText(parsed);
  const params = unsearchable ? { ...parsed, q: printable(parsed.q, 200), page: 1 } : parsed;
  const { keys: keysFor } = apiKeysParamSchema.parse(raw);
  const db = getDb();
  const nowMs = now();
  const { admin, page, workspaces, keysAccount, keys, policy } = await guardRequest(async () => {
    const admin = await requireAdministrator();
    const [page, workspaces, keysAccount] = await Promise.all([
      unsearchable ? { rows: [], total: 0, page: 1 } : listServiceAccounts(db, params, new Date(nowMs)),
      listWorkspaceOptions(db),
      keysFor ? findServiceAccountForKeys(db, keysFor) : null,
    ]);
    const [keys, policy] = keysAccount ? await Promise.all([listApiKeys(db, keysAccount.id), readKeyPolicy(db)]) : [[], null];
    return { admin, page, workspaces, keysAccount, keys, policy };
  });
  const canWrite = can(admin.role, "write");
  const createButton = <CreateServiceAccountDialog workspaces={workspaces} canWrite={canWrite} />;
  const isEmpty = page.total === 0 && !params.q;

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h2 className="text-2xl font-semibold tracking-tight">Service Accounts</h2>
          <p className="text-sm text-muted-foreground">
            Identities for automated systems. They authenticate with API keys and can be limited to some workspaces.
          </p>
        </div>
        {isEmpty ? null : createButton}
      </div>
      {isEmpty ? (
        <ServiceAccountsEmptyState action={createButton} />
      ) : (
        <>
          {unsearchable ? <SearchNotice>{UNSEARCHABLE_NOTICE}</SearchNotice> : null}
          <ServiceAccountsTable
            rows={page.rows}
            workspaces={workspaces}
            canWrite={canWrite}
            query={params.q}
            state={{ sort: params.sort, dir: params.dir, page: page.page, size: params.size, total: page.total }}
          />
        </>
      )}
      {keysAccount && policy ? (
        <ApiKeysModal key={keysAccount.id} account={keysAccount} keys={keys} canWrite={canWrite} policy={policy} nowMs={nowMs} opikUrl={opikApiUrl()} />
      ) : null}
    </div>
  );
}
