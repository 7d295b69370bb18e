import type { Db } from "@/db/client";
import { lookupPersonCredential, touchPersonCredential } from "@/db/queries/person-credentials";
import type { Role } from "@/db/schema";
import { sha256Hex } from "@/lib/access/credential";
import { accessSettings, DEFAULT_IDLE_TIMEOUT_S } from "@/lib/access/settings";
import { guardDb } from "@/lib/db-guard";
import { scopeOfRole, type Scope } from "@/lib/scopes";
import type { VerifyFailure } from "./failure";

export type PersonVerifySuccess = {
  valid: true;
  code: "ok";
  kind: "person";
  credentialId: string;
  sessionId: string;
  person: { id: string; email: string; name: string; role: Role };
  /** The workspace asked for; `default` (and none) is the credential's own workspace. */
  workspace: { id: string; name: string };
  /** From the role: viewer → Read only, member and admin → Full access; See unmasked data off takes original_data_view away (lib/scopes.ts). */
  scope: Scope;
};

export const PERSON_CREDENTIAL_ENDED =
  "This sign-in to Opik's web UI has ended (signed out, timed out or changed by an administrator): reload the page to sign in again";

/** Quotes a workspace name for a message: bounded, printable (the name already passed WORKSPACE_NAME_SHAPE). */
const quoted = (name: string) => `"${name.replace(/[^\x20-\x7e]/g, "?").slice(0, 63)}"`;

/**
 * A person credential's check (the shape was checked by the caller, lib/verify/index.ts): one
 * indexed query; a use is recorded at most once a minute, in the background (the idle timeout
 * counts from the last recorded use). `byName` is a workspace name that could exist, or null for
 * `default`/none.
 */
export async function verifyPersonCredential(
  credential: string,
  byName: string | null,
  requested: string,
  db: Db,
): Promise<PersonVerifySuccess | VerifyFailure> {
  const idle = accessSettings()?.idleTimeoutS ?? DEFAULT_IDLE_TIMEOUT_S;
  const hash = sha256Hex(credential);
  const row = await guardDb(() => lookupPersonCredential(db, hash, byName, idle));
  if (!row) return { valid: false, code: "unknown_key", message: PERSON_CREDENTIAL_ENDED };
  if (row.stale) void touchPersonCredential(db, hash).catch(() => {});
  const ok = (workspace: { id: string; name: string }): PersonVerifySuccess => ({
    valid: true,
    code: "ok",
    kind: "person",
    credentialId: row.credentialId,
    sessionId: row.sessionId,
    person: { id: row.personId, email: row.email, name: row.name, role: row.role },
    workspace,
    scope: scopeOfRole(row.role, row.seeUnmasked),
  });
  if (byName === null) {
    if (requested !== "" && requested.toLowerCase() !== "default") {
      return { valid: false, code: "unknown_workspace", message: 'The workspace name is not valid: workspace names use lowercase letters, digits and "-"' };
    }
    if (row.restricted && !row.currentAuthorized) {
      return { valid: false, code: "workspace_not_authorized", message: `You may no longer use workspace ${quoted(row.workspaceName)}: reload the page to sign in again` };
    }
    return ok({ id: row.workspaceId, name: row.workspaceName });
  }
  if (!row.requestedWorkspaceId || !row.requestedWorkspaceName) {
    return { valid: false, code: "unknown_workspace", message: `Workspace ${quoted(byName)} does not exist` };
  }
  if (row.restricted && !row.requestedAuthorized) {
    return { valid: false, code: "workspace_not_authorized", message: `${row.email} is not authorized for workspace ${quoted(row.requestedWorkspaceName)}` };
  }
  return ok({ id: row.requestedWorkspaceId, name: row.requestedWorkspaceName });
}
