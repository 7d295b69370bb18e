import type { Hono } from "hono";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { readJsonObject } from "@/lib/http/json-body";
import { missingPermission, permissionAnswer, scopeRefusal } from "@/lib/scopes";
import { verifyPersonByEmail } from "@/lib/verify/by-username";
import { opikBackendAddresses } from "./backend-addresses";
import { readPermissionList } from "./permissions";
import type { AuthApiEnv } from "./rate-limit";
import { opikError } from "./respond";

export const USERNAME_HEADER = "x-opik-oauth-username";
const MAX_EMAIL = 320;
export const BY_USERNAME_PATHS = ["/opik/auth-by-username", "/opik/workspace-permissions-by-username"] as const;

/**
 * The Opik backend's routes that name a person by the header `X-Opik-OAuth-Username` (MCP OAuth;
 * OPIK-AUTH-CONTRACT.md §8 F and §18.3). The header carries no secret, so only the addresses in
 * OPIK_BACKEND_ADDRESSES may ask; everyone else, and everyone while the setting is unset, gets the
 * same 404 as an unknown path ("not exposed" to Opik, which then treats the caller as masked).
 * The address is the client address server.ts works out (lib/http/client-address.ts): the socket's
 * peer, or behind a proxy listed in TRUST_PROXY the address that proxy saw, so a proxy between
 * Opik's backend and this service does not make every caller look like the backend.
 */
export function addByUsernameRoutes(app: Hono<AuthApiEnv>): void {
  for (const path of BY_USERNAME_PATHS) {
    app.use(path, async (c, next) => {
      const allowed = opikBackendAddresses();
      if (!allowed || !allowed(c.req.header(CLIENT_ADDRESS_HEADER) ?? "")) return opikError(c, 404, "Not found");
      await next();
    });
  }

  // §8 F: who the person is in the workspace asked for; the answer and errors as /opik/auth's.
  app.post("/opik/auth-by-username", async (c) => {
    const request = await readRequest(c.req.raw);
    if (!request.ok) return opikError(c, request.status, request.message);
    const required = readPermissionList(request.body.requiredPermissions);
    if (!required.ok) return opikError(c, 400, required.message);
    if (!(request.body.path === undefined || request.body.path === null || typeof request.body.path === "string")) return opikError(c, 400, '"path" must be a string');
    const result = await verifyPersonByEmail(request.email, request.workspaceName);
    if (!result.ok) return opikError(c, 401, result.message);
    const missing = missingPermission(result.scope, required.value);
    if (missing) return opikError(c, 401, scopeRefusal(result.scope, missing, result.email));
    return c.json({ user: result.email, workspaceId: result.workspace.id, workspaceName: result.workspace.name, quotas: [], opikVersion: "version_2" });
  });

  // §18.3: every permission of the person in the workspace, "true" or "false" (§6's answer).
  app.post("/opik/workspace-permissions-by-username", async (c) => {
    const request = await readRequest(c.req.raw);
    if (!request.ok) return opikError(c, request.status, request.message);
    const result = await verifyPersonByEmail(request.email, request.workspaceName);
    if (!result.ok) return opikError(c, 401, result.message);
    return c.json({ userName: result.email, workspaceName: result.workspace.name, permissions: permissionAnswer(result.scope) });
  });
}

type ByUsernameRequest =
  | { ok: true; email: string; workspaceName: string; body: Record<string, unknown> }
  | { ok: false; status: 400 | 408 | 413 | 415; message: string };

async function readRequest(request: Request): Promise<ByUsernameRequest> {
  const email = request.headers.get(USERNAME_HEADER)?.trim() ?? "";
  if (email === "" || email.length > MAX_EMAIL || email.includes(",")) {
    return { ok: false, status: 400, message: "The header X-Opik-OAuth-Username must name one person (their email)" };
  }
  const body = await readJsonObject(request);
  if (!body.ok) return body;
  const { workspaceName } = body.value;
  if (typeof workspaceName !== "string" || workspaceName.trim() === "") return { ok: false, status: 400, message: "Workspace name should be provided" };
  return { ok: true, email, workspaceName: workspaceName.trim(), body: body.value };
}
