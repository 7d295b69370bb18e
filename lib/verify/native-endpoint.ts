import { readPermissionList } from "@/lib/auth-api/permissions";
import { readJsonObjectFromNode } from "@/lib/http/json-body";
import { json as jsonReply, type Reply } from "@/lib/http/reply";
import type { HttpRequest } from "@/lib/http/router";
import { grantedPermissions, missingPermission, scopeRefusal } from "@/lib/scopes";
import { verifyApiKey, type VerifyFailureCode } from "./index";

/** Keys are 55 characters; smart-key suffixes add some base64. Anything longer is refused as input. */
const MAX_KEY_INPUT = 1000;

const STATUS: Record<VerifyFailureCode, number> = {
  missing_key: 401,
  malformed_key: 401,
  unknown_key: 401,
  disabled_key: 401,
  disabled_account: 401,
  expired_key: 401,
  unknown_workspace: 403,
  workspace_not_authorized: 403,
  no_default_workspace: 403,
};

const json = (status: number, body: unknown) => jsonReply(status, body, undefined, "application/json; charset=utf-8");

const badRequest = (status: number, message: string) => json(status, { valid: false, code: "bad_request", message });

/**
 * `POST /api/v1/keys/verify` `{key, workspace?, permissions?}` → 200 `{valid: true, code: "ok", serviceAccount, workspace, expiresAt, scope}`,
 * 403 `{valid: false, code: "permission_denied", message, scope}` when the key's scope lacks one of `permissions`,
 * 401/403 `{valid: false, code, message}` for a refused key, 4xx `{valid: false, code: "bad_request", message}`
 * for a request this endpoint cannot read. `onUnknownKey` learns a well-formed key the database does
 * not know (the refused-check limiter's only input). A database that cannot answer throws: the
 * authentication API answers that (503, one throttled log line for the whole API; lib/auth-api/outage.ts).
 */
export async function answerVerifyRequest(r: HttpRequest, onUnknownKey?: (key: string) => void): Promise<Reply> {
  const body = await readJsonObjectFromNode(r.raw);
  if (!body.ok) return badRequest(body.status, body.message);
  const { key, workspace, permissions } = body.value;
  if (typeof key !== "string") return badRequest(400, '"key" must be a string');
  if (key.length > MAX_KEY_INPUT) return badRequest(400, `"key" is longer than ${MAX_KEY_INPUT} characters: it is not an API key`);
  if (workspace !== undefined && workspace !== null && typeof workspace !== "string") {
    return badRequest(400, '"workspace" must be a string when given');
  }
  if (typeof workspace === "string" && workspace.length > 1000) return badRequest(400, '"workspace" is too long');

  const required = readPermissionList(permissions, "permissions");
  if (!required.ok) return badRequest(400, required.message);

  const result = await verifyApiKey(key, workspace ?? null);
  if (!result.valid && result.code === "unknown_key") onUnknownKey?.(key);
  if (!result.valid) return json(STATUS[result.code], { valid: false, code: result.code, message: result.message });
  const scope = { name: result.scope.name, permissions: grantedPermissions(result.scope) };
  const missing = missingPermission(result.scope, required.value);
  if (missing) return json(403, { valid: false, code: "permission_denied", message: scopeRefusal(result.scope, missing, "This API key"), scope });
  return json(200, {
    valid: true,
    code: "ok",
    serviceAccount: result.serviceAccount,
    workspace: result.workspace,
    expiresAt: result.expiresAt?.toISOString() ?? null,
    scope,
  });
}
