import { getDb } from "@/db/client";
import { auditCsvLines } from "@/lib/audit-export";
import { requireAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";
import { auditListParamsSchema } from "@/lib/validations/audit";
import { holdsUnstorableText } from "@/lib/validations/storable-text";

export const dynamic = "force-dynamic";

/**
 * `GET /admin/audit-log/export?action=&actor=&target=`: the audit log's events under the page's
 * filters as a CSV file, streamed batch by batch (lib/audit-export.ts). For whoever may read the
 * audit log (admins and viewers); others are sent where the page would send them.
 */
export async function GET(request: Request) {
  await guardRequest(requireAdministrator);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { action, actor, target } = auditListParamsSchema.parse(query);
  const filter = { action, actor, target };
  const encoder = new TextEncoder();
  // A filter no stored text can match (NUL, a lone surrogate) is not run: the header line only.
  const lines = holdsUnstorableText(filter) ? auditCsvLines(getDb(), filter, async () => [] as never) : auditCsvLines(getDb(), filter, (work) => guardRequest(work));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="audit-log.csv"',
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
