import { Download } from "lucide-react";
import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { requireAdministrator } from "@/lib/auth/session";
import { SearchNotice } from "@/components/data-table/search-notice";
import { auditListParamsSchema } from "@/lib/validations/audit";
import { holdsUnstorableText, printable, UNSEARCHABLE_NOTICE } from "@/lib/validations/storable-text";
import { guardRequest } from "@/lib/db-guard";

export const metadata: Metadata = { title: "Audit log" };

/** The CSV export of the events these filters show (app/admin/audit-log/export/route.ts), every page of them. */
function exportHref(filter: { action: string; actor: string; target: string }): string {
  const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ""));
  return query.size ? `/admin/audit-log/export?${query}` : "/admin/audit-log/export";
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const parsed = auditListParamsSchema.parse(await searchParams);
  // A filter no stored text can match (NUL, a lone surrogate) is not run: the database would refuse it.
  const unsearchable = holdsUnstorableText(parsed);
  const params = unsearchable ? { ...parsed, actor: printable(parsed.actor, 254), target: printable(parsed.target, 200), page: 1 } : parsed;
  const result = await guardRequest(async () => {
    await requireAdministrator();
    return unsearchable ? { rows: [], total: 0, page: 1 } : listAuditEvents(getDb(), params);
  });
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <h2 className="text-2xl font-semibold tracking-tight">Audit log</h2>
        <p className="text-sm text-muted-foreground">
          Every change to workspaces, service accounts, API keys and people: who, what, when and from where. Times
          are UTC.
        </p>
      </div>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <AuditFilters key={`${params.action}|${params.actor}|${params.target}`} action={params.action} actor={params.actor} target={params.target} />
        <Button asChild variant="outline">
          <a href={exportHref(params)} download>
            <Download aria-hidden />
            Export CSV
          </a>
        </Button>
      </div>
      {unsearchable ? <SearchNotice>{UNSEARCHABLE_NOTICE}</SearchNotice> : null}
      <AuditTable rows={result.rows} state={{ page: result.page, size: params.size, total: result.total }} />
    </div>
  );
}
