import { opikError } from "@/lib/http/errors";
import { readJsonObjectFromNode } from "@/lib/http/json-body";
import { json, type Reply } from "@/lib/http/reply";
import type { HttpRequest, Mount } from "@/lib/http/router";
import { retryAfterSeconds } from "@/lib/rate-limit/failure-limiter";
import { verifyCredential, type CredentialResult, type VerifyFailure } from "@/lib/verify";
import { unavailableAnswer } from "./outage";
import { missingPermission, permissionAnswer, scopeRefusal } from "@/lib/scopes";
import { readPermissionList } from "./permissions";
import { judgeUnknownCredential } from "./rate-limit";
import { refusedChecks } from "./refused-checks";
import { keyFromHeader, opikTooManyRequests } from "./respond";

/**
 * The key checks the Opik backend makes on its users' requests (OPIK-AUTH-CONTRACT.md §3, §6),
 * the first mount of server.ts's router (lib/http/router.ts): a check costs one body read, one
 * lib/verify call and one write, no route-table lookup. The rest of the authentication API is in
 * lib/auth-api/app.ts, which also answers other methods on these paths (405). Same rules as there:
 * security headers on every answer (lib/http/reply.ts), the body's own timeout (408), the
 * database's deadline and circuit inside lib/verify (503), and the refused-check limit, which only
 * ever turns an *unknown* credential into a 429.
 */
type Answer = Reply & { unknownCredential?: boolean };
type KeyCheck = (key: string, body: Record<string, unknown>) => Promise<Answer>;

const opik = (status: number, msg: string): Answer => opikError(status, msg);
const ok = (body: unknown): Answer => json(200, body);
/** A refusal from lib/verify; marked when the credential was well-formed and unknown (the limiter's only input). */
const refusal = (result: VerifyFailure): Answer => ({
  ...opik(401, result.message),
  unknownCredential: result.code === "unknown_key",
});
/** Opik's `user`: the service account's name, or the person's email. */
const userOf = (result: Extract<CredentialResult, { valid: true }>) => (result.kind === "person" ? result.person.email : result.serviceAccount.name);
const isStringOrAbsent = (v: unknown) => v === undefined || v === null || typeof v === "string";
const hasWorkspaceName = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

const KEY_CHECKS: Record<string, KeyCheck> = {
  // §3 Endpoint A: the Opik backend's API-key check.
  "/opik/auth": async (key, { workspaceName, path, requiredPermissions }) => {
    if (!hasWorkspaceName(workspaceName)) return opik(400, "Workspace name should be provided");
    if (!isStringOrAbsent(path)) return opik(400, '"path" must be a string');
    const required = readPermissionList(requiredPermissions);
    if (!required.ok) return opik(400, required.message);
    const result = await verifyCredential(key, workspaceName);
    if (!result.valid) return refusal(result);
    if (!result.workspace) return opik(401, "Workspace name should be provided");
    // Every permission the request needs must be in the credential's scope. A 401, not a 403: Opik
    // hands a 401's msg to the SDK user as it is (the Python SDK logs it), a 403 becomes its fixed text.
    const missing = missingPermission(result.scope, required.value);
    if (missing) return opik(401, scopeRefusal(result.scope, missing, result.kind === "person" ? result.person.email : "This API key"));
    const body = { user: userOf(result), workspaceId: result.workspace.id, workspaceName: result.workspace.name, quotas: [] };
    // People use Opik's web UI: without opikVersion the backend takes version_1 decisions (OPIK-WEB-UI.md §3.5).
    return ok(result.kind === "person" ? { ...body, opikVersion: "version_2" } : body);
  },
  // §6 Endpoint D.
  "/opik/workspace-permissions": async (key, { workspaceName }) => {
    if (!hasWorkspaceName(workspaceName)) return opik(400, "Workspace name should be provided");
    const result = await verifyCredential(key, workspaceName);
    if (!result.valid) return refusal(result);
    if (!result.workspace) return opik(401, "Workspace name should be provided");
    return ok({ userName: userOf(result), workspaceName: result.workspace.name, permissions: permissionAnswer(result.scope) });
  },
};

/** The paths answered here, for POST. */
export const KEY_CHECK_PATHS: readonly string[] = Object.keys(KEY_CHECKS);

export function isKeyCheck(method: string | undefined, pathname: string): boolean {
  return method === "POST" && Object.hasOwn(KEY_CHECKS, pathname);
}

/** The key checks' mount in server.ts: POST on their two paths; any other method goes on to lib/auth-api/app.ts. */
export const keyChecks: Mount = { owns: isKeyCheck, answer: answerKeyCheck, opik: true };

/** Answers one key check; never rejects. The client's address is worked out only for an unknown key. */
export async function answerKeyCheck(r: HttpRequest): Promise<Reply> {
  try {
    return await check(r, KEY_CHECKS[r.pathname]!);
  } catch (error) {
    return unavailableAnswer(error, "POST", r.pathname);
  }
}

async function check(r: HttpRequest, run: KeyCheck): Promise<Reply> {
  const authorization = r.header("authorization");
  const answer = await answerCheck(r, run, authorization);
  if (!answer.unknownCredential) return answer;
  // After the check, and only for a well-formed key the database does not know: counted, or a
  // 429 while this client is blocked. A valid key is never refused here, blocked client or not.
  const verdict = judgeUnknownCredential(refusedChecks, r.clientAddress(), authorization ?? "");
  if (!verdict.limited) return answer;
  return opikTooManyRequests(retryAfterSeconds(verdict.retryAfterMs));
}

async function answerCheck(r: HttpRequest, run: KeyCheck, authorization: string | undefined): Promise<Answer> {
  const key = keyFromHeader(authorization);
  if (!key.ok) return opik(401, key.msg);
  const body = await readJsonObjectFromNode(r.raw);
  // A body that did not arrive in time: the connection is closed after the answer.
  if (!body.ok) return opikError(body.status, body.message, body.status === 408 ? { connection: "close" } : undefined);
  return run(key.key, body.value);
}
