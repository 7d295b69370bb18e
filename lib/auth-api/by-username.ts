import { readJsonObjectFromNode } from "@/lib/http/json-body";
import { json } from "@/lib/http/reply";
import type { Handler, HttpRequest, RouteTable } from "@/lib/http/router";
import { missingPermission, permissionAnswer, scopeRefusal } from "@/lib/scopes";
import { verifyPersonByEmail } from "@/lib/verify/by-username";
import { opikBackendAddresses } from "./backend-addresses";
import { readPermissionList } from "./permissions";
import { opikError } from "./respond";

export const USERNAME_HEADER = "x-opik-oauth-username";
const MAX_EMAIL = 320;
export const BY_USERNAME_PATHS = ["/opik/auth-by-username", "/opik/workspace-permissions-by-username"] as const;

/**
 * The Opik backend's routes that name a person by the header `X-Opik-OAuth-Username` (MCP OAuth;
 * OPIK-AUTH-CONTRACT.md §8 F and §18.3). The header carries no secret, so only the addresses in
 * OPIK_BACKEND_ADDRESSES may ask; everyone else, and everyone while the setting is unset, gets the
 * same 404 as an unknown path ("not exposed" to Opik, which then treats the caller as masked).
 * The address is the client address the router works out (lib/http/client-address.ts): the socket's
 * peer, or behind a proxy listed in TRUST_PROXY the address that proxy saw, so a proxy between
 * Opik's backend and this service does not make every caller look like the backend.
 */
export function addByUsernameRoutes(app: RouteTable<Handler>): void {
  /** Only for the Opik backend's addresses; a 404 as for an unknown path to anyone else. */
  const fromBackend = (handler: Handler): Handler => (r) => (isFromOpikBackend(r) ? handler(r) : opikError(404, "Not found"));

  // §8 F: who the person is in the workspace asked for; the answer and errors as /opik/auth's.
  app.post(
    "/opik/auth-by-username",
    fromBackend(async (r) => {
      const request = await readRequest(r);
      if (!request.ok) return opikError(request.status, request.message);
      const required = readPermissionList(request.body.requiredPermissions);
      if (!required.ok) return opikError(400, required.message);
      if (!(request.body.path === undefined || request.body.path === null || typeof request.body.path === "string")) return opikError(400, '"path" must be a string');
      const result = await verifyPersonByEmail(request.email, request.workspaceName);
      if (!result.ok) return opikError(401, result.message);
      const missing = missingPermission(result.scope, required.value);
      if (missing) return opikError(401, scopeRefusal(result.scope, missing, result.email));
      return json(200, { user: result.email, workspaceId: result.workspace.id, workspaceName: result.workspace.name, quotas: [], opikVersion: "version_2" });
    }),
  );

  // §18.3: every permission of the person in the workspace, "true" or "false" (§6's answer).
  app.post(
    "/opik/workspace-permissions-by-username",
    fromBackend(async (r) => {
      const request = await readRequest(r);
      if (!request.ok) return opikError(request.status, request.message);
      const result = await verifyPersonByEmail(request.email, request.workspaceName);
      if (!result.ok) return opikError(401, result.message);
      return json(200, { userName: result.email, workspaceName: result.workspace.name, permissions: permissionAnswer(result.scope) });
    }),
  );
}

/** Whether a request to these paths comes from one of OPIK_BACKEND_ADDRESSES (any method: anyone else learns nothing of them). */
export function isFromOpikBackend(r: HttpRequest): boolean {
  const allowed = opikBackendAddresses();
  return allowed ? allowed(r.clientAddress()) : false;
}

type ByUsernameRequest =
  | { ok: true; email: string; workspaceName: string; body: Record<string, unknown> }
  | { ok: false; status: 400 | 408 | 413 | 415; message: string };

async function readRequest(r: HttpRequest): Promise<ByUsernameRequest> {
  const email = r.header(USERNAME_HEADER)?.trim() ?? "";
  if (email === "" || email.length > MAX_EMAIL || email.includes(",")) {
    return { ok: false, status: 400, message: "The header X-Opik-OAuth-Username must name one person (their email)" };
  }
  const body = await readJsonObjectFromNode(r.raw);
  if (!body.ok) return body;
  const { workspaceName } = body.value;
  if (typeof workspaceName !== "string" || workspaceName.trim() === "") return { ok: false, status: 400, message: "Workspace name should be provided" };
  return { ok: true, email, workspaceName: workspaceName.trim(), body: body.value };
}
