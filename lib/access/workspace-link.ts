import { getDb } from "@/db/client";
import { findWorkspaceByName, type WorkspaceOption } from "@/db/queries/workspaces";
import { guardDb } from "@/lib/db-guard";

/**
 * The links the SDKs print ("view the trace at <opik>/<workspace>/projects/<id>/traces?trace=<id>")
 * name the real workspace first, and Opik's stock UI turns any first path segment other than
 * `default` into bare `/default`, dropping the trace (OPIK-WEB-UI.md §1). A page load of such a
 * link goes to the Opik host's sign-in page, which makes that workspace the person's current one
 * and sends the browser on to the same path with `default` first (lib/access/opik-host.ts).
 *
 * Only the exact name of a workspace of this service counts. `default`, names Opik or the proxy
 * use for themselves, and anything that is no workspace's name pass through untouched: the UI
 * then does what it always does with them.
 */
const NOT_WORKSPACES = new Set(["default", "api", "assets", "static", "images"]);
/** Workspace names as lib/validations/workspaces.ts allows them; nothing else is looked up. */
const NAME_SHAPE = /^[a-z0-9-]{1,100}$/;

/** The first path segment when it could be a workspace's name, with the path that `default` in its place gives; else null. */
export function workspaceLinkOf(path: string): { name: string; defaultPath: string } | null {
  const end = path.indexOf("/", 1);
  const name = end === -1 ? path.slice(1) : path.slice(1, end);
  if (!NAME_SHAPE.test(name) || NOT_WORKSPACES.has(name)) return null;
  return { name, defaultPath: `/default${end === -1 ? "" : path.slice(end)}` };
}

/** The workspace a page's path names first (an SDK's link), with the path to send the browser on to; else null. */
export async function linkedWorkspace(path: string): Promise<{ workspace: WorkspaceOption; defaultPath: string } | null> {
  const link = workspaceLinkOf(path);
  if (!link) return null;
  const workspace = await guardDb(() => findWorkspaceByName(getDb(), link.name));
  return workspace ? { workspace, defaultPath: link.defaultPath } : null;
}
