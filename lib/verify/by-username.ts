import { getDb } from "@/db/client";
import { findPersonByEmail } from "@/db/queries/administrators";
import { workspaceChoicesOfPerson } from "@/db/queries/person-credentials";
import { guardDb } from "@/lib/db-guard";
import { scopeOfRole, type Scope } from "@/lib/scopes";
import { DEFAULT_WORKSPACE_ALIAS } from "./index";

export type UsernameResult =
  | { ok: true; email: string; workspace: { id: string; name: string }; scope: Scope }
  | { ok: false; message: string };

/** Bounded and printable, for a message (the header is the caller's text). */
const quoted = (value: string) => `"${value.replace(/[^\x20-\x7e]/g, "?").slice(0, 64)}"`;

/**
 * A person named by email, as the Opik backend names them on its MCP OAuth routes (header
 * `X-Opik-OAuth-Username`, OPIK-AUTH-CONTRACT.md §8 F, §18.3), in the workspace asked for: the same
 * rules as the person's credential for Opik's web UI (lib/verify/person.ts): enabled, a workspace
 * they may use (`default` = their default one, or the first by name), the scope of their role.
 * No credential is involved, so the caller must have checked that the Opik backend is asking
 * (lib/auth-api/backend-addresses.ts).
 */
export async function verifyPersonByEmail(email: string, workspaceName: string): Promise<UsernameResult> {
  const db = getDb();
  const person = await guardDb(() => findPersonByEmail(db, email));
  if (!person) return { ok: false, message: `No person ${quoted(email)} has access here` };
  if (person.disabledAt) return { ok: false, message: `${person.email} is disabled: ask an administrator` };
  const choices = await guardDb(() => workspaceChoicesOfPerson(db, person.id));
  const isDefault = workspaceName.toLowerCase() === DEFAULT_WORKSPACE_ALIAS;
  const workspace = isDefault
    ? (choices.find((w) => w.isDefault) ?? choices[0])
    : choices.find((w) => w.name.toLowerCase() === workspaceName.toLowerCase());
  if (!workspace) {
    return {
      ok: false,
      message: isDefault ? `${person.email} has no workspace yet: ask an administrator for one` : `${person.email} is not authorized for workspace ${quoted(workspaceName)} (or it does not exist)`,
    };
  }
  return { ok: true, email: person.email, workspace: { id: workspace.id, name: workspace.name }, scope: scopeOfRole(person.role, person.seeUnmasked) };
}
