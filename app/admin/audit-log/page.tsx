import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { requireAdministrator } from "@/lib/auth/session";
import { auditListParamsSchema } from "@/lib/validations/audit";
import { guardRequest } from "@/lib/db-guard";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const params = auditListParamsSchema.parse(await searchParams);
  const result = await guardRequest(async () => {
    await requireAdministrator();
    return listAuditEvents(getDb(), params);
  });
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <h2 className="text-2xl font-semibold tracking-tight">Audit log</h2>
        <p className="text-sm text-muted-foreground">
          Every change to workspaces, service accounts, API keys and administrators: who, what, when and from where. Times
          are UTC.
        </p>
      </div>
      <AuditFilters key={`${params.action}|${params.actor}|${params.target}`} action={params.action} actor={params.actor} target={params.target} />
      <AuditTable rows={result.rows} state={{ page: result.page, size: params.size, total: result.total }} />
    </div>
  );
}
