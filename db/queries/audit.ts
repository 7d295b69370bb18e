import type { Db, Tx } from "../client";
import { auditEvents } from "../schema";

export type Actor = { id: string; email: string } | null;

export type AuditInput = {
  actor: Actor;
  action: string;
  targetType: "workspace" | "service_account" | "api_key" | "administrator";
  targetId: string;
  targetName: string | null;
  clientAddress: string | null;
  details?: Record<string, unknown>;
};

/** Always called with the transaction of the change it records, so both commit or neither. */
export async function recordAuditEvent(tx: Db | Tx, input: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({
    actorId: input.actor?.id ?? null,
    actorEmail: input.actor?.email ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    targetName: input.targetName,
    clientAddress: input.clientAddress,
    details: input.details ?? null,
  });
}
