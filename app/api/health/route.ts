import { probeDatabase } from "@/lib/db-health";

export const dynamic = "force-dynamic";

/**
 * `GET /api/health`: whether this instance can reach its database right now (one `select 1`,
 * answered within 1.5 s). 200 `{"status": "ok", "database": "reachable"}`, or 503
 * `{"status": "unavailable", "database": "unreachable"}` (no details: they are in the server log).
 * The dashboard's error page asks it to tell an outage from other failures; load balancers may too.
 */
export async function GET() {
  const status = await probeDatabase();
  const headers = { "Cache-Control": "no-store" };
  if (status.reachable) return Response.json({ status: "ok", database: "reachable" }, { headers });
  return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503, headers: { ...headers, "Retry-After": "1" } });
}
