import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  countAdmins,
  deleteAdministratorRow,
  findAdministratorById,
  insertAdministrator,
  updateAdministratorRole,
  type AdministratorDto,
} from "@/db/queries/administrators";
import { recordAuditEvent } from "@/db/queries/audit";
import type { Role } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { ActionResult } from "@/lib/validations/action-result";
import type { MutationContext } from "./service-accounts";
import { endSessionsOfPerson } from "./sessions";

// Role changes and removals take this lock, so two of them at once cannot remove the last admin.
const ADMINISTRATORS_LOCK_ID = 724_311_003;
const lockAdministrators = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(${ADMINISTRATORS_LOCK_ID})`);

export const LAST_ADMIN_MESSAGE = "This is the last admin. Make another administrator an admin first.";
const GONE = "This administrator no longer exists.";

export async function createAdministrator(
  input: { email: string; name: string; role: Role; password: string },
  ctx: MutationContext,
): Promise<ActionResult<AdministratorDto>> {
  const passwordHash = await hashPassword(input.password); // outside the transaction: argon2 is slow
  return getDb().transaction(async (tx) => {
    const admin = await insertAdministrator(tx, { email: input.email, name: input.name, role: input.role, passwordHash });
    if (!admin) {
      const message = `An administrator with the email ${input.email} already exists`;
      return { ok: false, message, fieldErrors: { email: [message] }, values: { email: input.email, name: input.name, role: input.role } };
    }
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.create",
      targetType: "administrator",
      targetId: admin.id,
      targetName: admin.email,
      clientAddress: ctx.clientAddress,
      details: { role: admin.role },
    });
    return { ok: true, message: `${admin.email} can now sign in as ${admin.role}`, data: admin };
  });
}

export async function changeAdministratorRole(input: { id: string; role: Role }, ctx: MutationContext): Promise<ActionResult> {
  if (input.id === ctx.actor.id) return { ok: false, message: "You cannot change your own role. Ask another admin." };
  return getDb().transaction(async (tx) => {
    await lockAdministrators(tx);
    const target = await findAdministratorById(tx, input.id);
    if (!target) return { ok: false, message: GONE };
    if (target.role === input.role) return { ok: true, message: `${target.email} is already ${input.role}` };
    if (target.role === "admin" && (await countAdmins(tx)) <= 1) return { ok: false, message: LAST_ADMIN_MESSAGE };
    await updateAdministratorRole(tx, target.id, input.role);
    // Their open sessions were granted under the old role: they sign in again under the new one.
    await endSessionsOfPerson(tx, target.id, "role_change");
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.change_role",
      targetType: "administrator",
      targetId: target.id,
      targetName: target.email,
      clientAddress: ctx.clientAddress,
      details: { from: target.role, to: input.role },
    });
    return { ok: true, message: `${target.email} is now ${input.role}` };
  });
}

export async function removeAdministrator(input: { id: string }, ctx: MutationContext): Promise<ActionResult> {
  if (input.id === ctx.actor.id) return { ok: false, message: "You cannot remove yourself. Ask another admin." };
  return getDb().transaction(async (tx) => {
    await lockAdministrators(tx);
    const target = await findAdministratorById(tx, input.id);
    if (!target) return { ok: false, message: GONE };
    if (target.role === "admin" && (await countAdmins(tx)) <= 1) return { ok: false, message: LAST_ADMIN_MESSAGE };
    await deleteAdministratorRow(tx, target.id); // their sessions go with the row (cascade)
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "administrator.remove",
      targetType: "administrator",
      targetId: target.id,
      targetName: target.email,
      clientAddress: ctx.clientAddress,
      details: { role: target.role },
    });
    return { ok: true, message: `${target.email} was removed and can no longer sign in` };
  });
}
