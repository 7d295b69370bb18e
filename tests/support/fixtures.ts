import { randomBytes } from "node:crypto";
import { getDb } from "@/db/client";
import { insertAdministrator, type AdministratorDto } from "@/db/queries/administrators";
import { findSignedInAdministrator } from "@/db/queries/sessions";
import type { Role } from "@/db/schema";
import { sessionIdOf } from "@/lib/auth/session-token";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "@/lib/db-errors";
import { startSession } from "@/lib/domain/sessions";
import { CLIENT_ADDRESS } from "./db-helpers";
import { requestContext } from "./next-mocks";

/** Administrator id → the token of the session that signAs acts with (a real row in `sessions`). */
const sessionTokens = new Map<string, string>();

/**
 * A real administrator row (the password hash is a placeholder: these tests never sign in), with
 * a session of its own started right away, so that signAs() writes nothing while a test counts rows.
 */
export async function createAdministrator(role: Role, email?: string): Promise<AdministratorDto> {
  const admin = await insertAdministrator(getDb(), {
    email: email ?? `${role}-${randomBytes(4).toString("hex")}@example.test`,
    name: `Test ${role}`,
    passwordHash: "$argon2id$placeholder",
    role,
  });
  if (!admin) throw new Error("administrator email already taken");
  await startTestSession(admin.id);
  return admin;
}

async function startTestSession(administratorId: string): Promise<string> {
  const token = await startSession({ administratorId, clientAddress: CLIENT_ADDRESS });
  sessionTokens.set(administratorId, token);
  return token;
}

/** The following calls act with `admin`'s session (which may have ended since), or with none. */
export function signAs(admin: AdministratorDto | null): void {
  requestContext.administratorId = admin?.id ?? null;
}

/** signAs, after signing `admin` in again if their session has ended (e.g. they signed out everywhere). */
export async function signAsLive(admin: AdministratorDto): Promise<void> {
  const token = sessionTokens.get(admin.id);
  if (!token || !(await findSignedInAdministrator(getDb(), sessionIdOf(token)))) await startTestSession(admin.id);
  signAs(admin);
}

/**
 * What lib/auth/current.ts returns in integration tests (tests/support/integration-setup.ts): the
 * session token of whoever signAs() named. Read before the first await, so overlapping calls as
 * different people keep their own sessions. An administrator made without createAdministrator gets
 * a session on first use; one that no longer exists gets a token that matches no session.
 */
export async function currentTestSessionToken(): Promise<string | null> {
  const id = requestContext.administratorId;
  if (!id) return null;
  const token = sessionTokens.get(id);
  if (token) return token;
  try {
    return await startTestSession(id);
  } catch (error) {
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) return "no-such-session";
    throw error;
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** The workspace choice of a form whose test names none: All workspaces (an empty list alone is refused). */
export const accessOf = (fields: Record<string, unknown>): Record<string, string> =>
  "authorizedWorkspaceIds" in fields || "allWorkspaces" in fields ? {} : { allWorkspaces: "true" };

export function form(fields: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) fd.append(key, v);
  }
  return fd;
}
