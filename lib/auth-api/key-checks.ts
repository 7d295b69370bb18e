import type { IncomingMessage, ServerResponse } from "node:http";
import { joinedHeader, readJsonObjectFromNode } from "@/lib/http/json-body";
import { retryAfterSeconds } from "@/lib/rate-limit/failure-limiter";
import { verifyCredential, type CredentialResult, type VerifyFailure } from "@/lib/verify";
import { unavailableAnswer } from "./outage";
import { missingPermission, permissionAnswer, scopeRefusal } from "@/lib/scopes";
import { readPermissionList } from "./permissions";
import { judgeUnknownCredential } from "./rate-limit";
import { refusedChecks } from "./refused-checks";
import { keyFromHeader, tooManyMessage } from "./respond";

/**
 * The key checks the Opik backend makes on its users' requests (OPIK-AUTH-CONTRACT.md §3, §6),
 * answered on node:http directly. Through Hono's web Request/Response adapter each check cost
 * about as much CPU as the check itself (README "Benchmarks"); here a check costs one body read,
 * one lib/verify call and one write. The rest of the authentication API stays in lib/auth-api/app.ts,
 * which also answers other methods on these paths (405). Same rules as there: security headers on
 * every answer, the body's own timeout (408), the database's deadline and circuit inside lib/verify
 * (503), and the refused-check limit, which only ever turns an *unknown* credential into a 429.
 */
type Answer = { status: number; body: unknown; headers?: Record<string, string>; unknownCredential?: boolean };
type KeyCheck = (key: string, body: Record<string, unknown>) => Promise<Answer>;

const opik = (status: number, msg: string): Answer => ({ status, body: { msg, code: status } });
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
    return { status: 200, body: result.kind === "person" ? { ...body, opikVersion: "version_2" } : body };
  },
  // §6 Endpoint D.
  "/opik/workspace-permissions": async (key, { workspaceName }) => {
    if (!hasWorkspaceName(workspaceName)) return opik(400, "Workspace name should be provided");
    const result = await verifyCredential(key, workspaceName);
    if (!result.valid) return refusal(result);
    if (!result.workspace) return opik(401, "Workspace name should be provided");
    return { status: 200, body: { userName: userOf(result), workspaceName: result.workspace.name, permissions: permissionAnswer(result.scope) } };
  },
};

/** The paths answered here, for POST. */
export const KEY_CHECK_PATHS: readonly string[] = Object.keys(KEY_CHECKS);

export function isKeyCheck(method: string | undefined, pathname: string): boolean {
  return method === "POST" && Object.hasOwn(KEY_CHECKS, pathname);
}

/** Answers one key check; never rejects. `clientAddress` gives the trusted address (worked out only for an unknown key). */
export async function handleKeyCheck(req: IncomingMessage, res: ServerResponse, pathname: string, clientAddress: () => string): Promise<void> {
  let answer: Answer;
  try {
    answer = await check(req, KEY_CHECKS[pathname]!, clientAddress);
  } catch (error) {
    answer = unavailableAnswer(error, "POST", pathname);
  }
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...answer.headers,
    "cache-control": "no-store",
    "content-type": "application/json",
    "x-content-type-options": "nosniff",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

async function check(req: IncomingMessage, run: KeyCheck, clientAddress: () => string): Promise<Answer> {
  const authorization = joinedHeader(req, "authorization");
  const answer = await answerCheck(req, run, authorization);
  if (!answer.unknownCredential) return answer;
  // After the check, and only for a well-formed key the database does not know: counted, or a
  // 429 while this client is blocked. A valid key is never refused here, blocked client or not.
  const verdict = judgeUnknownCredential(refusedChecks, clientAddress(), authorization ?? "");
  if (!verdict.limited) return answer;
  const retryAfterS = retryAfterSeconds(verdict.retryAfterMs);
  return { ...opik(429, tooManyMessage(retryAfterS)), headers: { "retry-after": String(retryAfterS) } };
}

async function answerCheck(req: IncomingMessage, run: KeyCheck, authorization: string | null): Promise<Answer> {
  const key = keyFromHeader(authorization);
  if (!key.ok) return opik(401, key.msg);
  const body = await readJsonObjectFromNode(req);
  // A body that did not arrive in time: the connection is closed after the answer.
  if (!body.ok) return { ...opik(body.status, body.message), headers: body.status === 408 ? { connection: "close" } : undefined };
  return run(key.key, body.value);
}
