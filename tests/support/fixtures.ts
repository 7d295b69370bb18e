import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { insertAdministrator, type AdministratorDto } from "@/db/queries/administrators";
import type { Role } from "@/db/schema";
import { requestContext } from "./next-mocks";

/** A real administrator row (the password hash is a placeholder: these tests never sign in). */
export async function createAdministrator(role: Role, email?: string): Promise<AdministratorDto> {
  const admin = await insertAdministrator(getDb(), {
    email: email ?? `${role}-${randomBytes(4).toString("hex")}@example.test`,
    name: `Test ${role}`,
    passwordHash: "$argon2id$placeholder",
    role,
  });
  if (!admin) throw new Error("administrator email already taken");
  return admin;
}

export function signAs(admin: AdministratorDto | null): void {
  requestContext.administratorId = admin?.id ?? null;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

export function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) fd.append(key, v);
  }
  return fd;
}
