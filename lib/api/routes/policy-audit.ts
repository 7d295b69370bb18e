import { z } from "zod";
import { getDb } from "@/db/client";
import { auditEventExists, listAuditEventsAfter } from "@/db/queries/audit";
import { readKeyPolicy } from "@/db/queries/key-policy";
import { setKeyPolicy } from "@/lib/domain/key-lifecycle";
import { formatClientAddress } from "@/lib/format";
import { AUDIT_ACTIONS } from "@/lib/validations/audit";
import { keyPolicySchema } from "@/lib/validations/key-lifecycle";
import { problem } from "../http";
import { refusalOf } from "../results";
import type { Route } from "../route";
import { auditPageSchema, keyPolicyOutSchema } from "../schemas";

async function policyOut() {
  const { maxLifetimeDays, defaultExpiryDays } = await readKeyPolicy(getDb());
  return { maxLifetimeDays, defaultExpiryDays };
}

/** The audit log's filters, strict; `cursor` is the id of the last event of the previous page. */
export const auditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS, { error: "action is one of the audit log's actions" }).optional(),
  actor: z.string().trim().max(254, "actor: at most 254 characters").default(""),
  target: z.string().trim().max(200, "target: at most 200 characters").default(""),
  cursor: z.uuid({ error: "cursor is the nextCursor of the previous page" }).optional(),
  limit: z.coerce.number({ error: "limit is a whole number from 1 to 200" }).int("limit is a whole number from 1 to 200").min(1, "limit is a whole number from 1 to 200").max(200, "limit is a whole number from 1 to 200").default(50),
});

export const policyAuditRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/v1/policy",
    operationId: "getKeyPolicy",
    summary: "The key policy (Settings: maximum key lifetime, default expiry)",
    tag: "Key policy",
    access: "read",
    success: 200,
    response: keyPolicyOutSchema,
    handle: async () => ({ status: 200, body: await policyOut() }),
  },
  {
    method: "PUT",
    path: "/api/v1/policy",
    operationId: "setKeyPolicy",
    summary: "Set the key policy: days from 1 to 3650, or null for no limit / Never",
    tag: "Key policy",
    access: "write",
    body: keyPolicySchema,
    success: 200,
    response: keyPolicyOutSchema,
    handle: async ({ body, ctx }) => {
      const result = await setKeyPolicy(body, ctx);
      return result.ok ? { status: 200, body: await policyOut() } : refusalOf(result);
    },
  },
  {
    method: "GET",
    path: "/api/v1/audit-events",
    operationId: "listAuditEvents",
    summary: "The audit log, newest first, with its filters (action, actor, target) and cursor pages",
    tag: "Audit log",
    access: "read",
    query: auditQuery,
    success: 200,
    response: auditPageSchema,
    handle: async ({ query }) => {
      const q = query as z.infer<typeof auditQuery>;
      if (q.cursor && !(await auditEventExists(getDb(), q.cursor))) return problem(400, "Unknown cursor: pass the nextCursor of the previous page");
      const rows = await listAuditEventsAfter(getDb(), { action: q.action ?? "", actor: q.actor, target: q.target }, q.cursor ?? null, q.limit + 1);
      const items = rows.slice(0, q.limit).map((row) => ({ ...row, clientAddress: formatClientAddress(row.clientAddress) }));
      return { status: 200, body: { items, nextCursor: rows.length > q.limit ? items.at(-1)!.id : null } };
    },
  },
];
