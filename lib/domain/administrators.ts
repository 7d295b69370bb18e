import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { countAdministrators, insertAdministrator, type AdministratorDto } from "@/db/queries/administrators";
import { recordAuditEvent } from "@/db/queries/audit";
import { hashPassword } from "@/lib/auth/password";
import type { ActionResult } from "@/lib/validations/action-result";

// Serialises first-administrator creation across requests and instances (advisory locks work on
// Postgres and PGlite alike).
const SETUP_LOCK_ID = 724_311_002;

export const SETUP_CLOSED_MESSAGE = "Setup is already complete. Sign in instead.";

/**
 * Creates the first administrator (role admin). Refused for good once any administrator exists,
 * so /setup can never be used to add a second one.
 */
export async function createFirstAdministrator(
  input: { email: string; name: string; password: string },
  clientAddress: string | null,
  source: "setup" | "environment" = "setup",
): Promise<ActionResult<AdministratorDto>> {
  // Hash before the transaction: argon2 is slow and PGlite runs one query at a time.
  const passwordHash = await hashPassword(input.password);
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK_ID})`);
    if ((await countAdministrators(tx)) > 0) return { ok: false, message: SETUP_CLOSED_MESSAGE };
    const admin = await insertAdministrator(tx, { email: input.email, name: input.name, passwordHash, role: "admin" });
    if (!admin) return { ok: false, message: SETUP_CLOSED_MESSAGE };
    await recordAuditEvent(tx, {
      actor: { id: admin.id, email: admin.email },
      action: "administrator.create",
      targetType: "administrator",
      targetId: admin.id,
      targetName: admin.email,
      clientAddress,
      details: { role: admin.role, source },
    });
    return { ok: true, data: admin };
  });
}

/**
 * ADMIN_EMAIL + ADMIN_PASSWORD: creates the first administrator at start-up when the database has
 * none. Idempotent: with any administrator present it changes nothing (it never resets a password).
 */
export async function bootstrapAdministratorFromEnv(): Promise<"created" | "skipped" | "not-configured"> {
  const email = process.env.ADMIN_EMAIL?.trim();
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) return "not-configured";
  if ((await countAdministrators(getDb())) > 0) return "skipped";
  const { setupSchema } = await import("@/lib/validations/auth");
  const parsed = setupSchema.safeParse({ email, password, name: process.env.ADMIN_NAME?.trim() || "Administrator" });
  if (!parsed.success) {
    const problems = Object.entries(z.flattenError(parsed.error).fieldErrors)
      .map(([field, messages]) => `${field === "email" ? "ADMIN_EMAIL" : field === "password" ? "ADMIN_PASSWORD" : "ADMIN_NAME"}: ${(messages as string[] | undefined)?.join("; ")}`)
      .join(", ");
    throw new Error(`Cannot create the first administrator from the environment (${problems})`);
  }
  const result = await createFirstAdministrator(parsed.data, null, "environment");
  return result.ok ? "created" : "skipped";
}
