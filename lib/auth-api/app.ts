import { Hono } from "hono";
import { getDb } from "@/db/client";
import { workspaceIdByName, workspaceNameById, workspaceNamesForAccount } from "@/db/queries/auth-api";
import { readJsonObject } from "@/lib/http/json-body";
import { verifyApiKey, WORKSPACE_NAME_SHAPE } from "@/lib/verify";
import { handleVerifyRequest } from "@/lib/verify/native-endpoint";
import { readRateLimitConfig } from "@/lib/rate-limit/config";
import { AuthFailureLimiter } from "@/lib/rate-limit/auth-api";
import { answerUnavailable, requestDeadline } from "./outage";
import { GRANTED_PERMISSIONS } from "./permissions";
import { limitRefusedChecks, type AuthApiEnv } from "./rate-limit";
import { opikError, opikTooManyRequests, readKeyHeader, singleQuery, verifyTooManyRequests } from "./respond";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isStringOrAbsent = (v: unknown) => v === undefined || v === null || typeof v === "string";
const isStringList = (v: unknown) => Array.isArray(v) && v.every((p) => typeof p === "string");

/**
 * The authentication API (OPIK-AUTH-CONTRACT.md §3, §5–§7, §14.3, PRODUCT.md §5). Every key check
 * goes through lib/verify. Served by server.ts before Next.js sees the request.
 */
export const authApi = new Hono<AuthApiEnv>();

// JSON and plain-text answers about credentials: never cached, never sniffed into something else.
authApi.use(async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("X-Content-Type-Options", "nosniff");
});

// A database that stops answering must not hold Opik's request past its 2 s connect limit.
authApi.use(requestDeadline());

// Refused key checks per client address (README "Rate limiting and security headers"). Created
// when server.ts loads this module, so an invalid AUTH_/LOGIN_RATE_LIMIT_* value stops the start-up.
const refusedChecks = new AuthFailureLimiter(readRateLimitConfig().authApi);
const limitOpik = limitRefusedChecks(refusedChecks, opikTooManyRequests);
for (const path of ["/opik/auth", "/opik/workspace-permissions", "/api/rest/v2/account-details", "/api/rest/v2/workspaces"]) {
  authApi.use(path, limitOpik);
}
authApi.use("/api/v1/keys/verify", limitRefusedChecks(refusedChecks, verifyTooManyRequests));

// §3 Endpoint A: the Opik backend's API-key check.
authApi.post("/opik/auth", async (c) => {
  const key = readKeyHeader(c);
  if (!key.ok) return opikError(c, 401, key.msg);
  const body = await readJsonObject(c.req.raw);
  if (!body.ok) return opikError(c, body.status, body.message);
  const { workspaceName, path, requiredPermissions } = body.value;
  if (typeof workspaceName !== "string" || workspaceName.trim() === "") {
    return opikError(c, 400, "Workspace name should be provided");
  }
  if (!isStringOrAbsent(path)) return opikError(c, 400, '"path" must be a string');
  if (requiredPermissions !== undefined && requiredPermissions !== null && !isStringList(requiredPermissions)) {
    return opikError(c, 400, '"requiredPermissions" must be a list of strings');
  }
  const result = await verifyApiKey(key.key, workspaceName);
  if (!result.valid) return opikError(c, 401, result.message);
  if (!result.workspace) return opikError(c, 401, "Workspace name should be provided");
  // Every permission is granted for now (PRODUCT.md §5); requiredPermissions is validated, not enforced.
  return c.json({
    user: result.serviceAccount.name,
    workspaceId: result.workspace.id,
    workspaceName: result.workspace.name,
    quotas: [],
  });
});

// §4 Endpoint B: browser sessions are Comet's, not ours.
authApi.post("/opik/auth-session", (c) =>
  opikError(c, 401, "This service authenticates API keys only: send the key in the Authorization header"),
);

// §6 Endpoint D.
authApi.post("/opik/workspace-permissions", async (c) => {
  const key = readKeyHeader(c);
  if (!key.ok) return opikError(c, 401, key.msg);
  const body = await readJsonObject(c.req.raw);
  if (!body.ok) return opikError(c, body.status, body.message);
  const { workspaceName } = body.value;
  if (typeof workspaceName !== "string" || workspaceName.trim() === "") {
    return opikError(c, 400, "Workspace name should be provided");
  }
  const result = await verifyApiKey(key.key, workspaceName);
  if (!result.valid || !result.workspace) return opikError(c, 401, result.valid ? "Workspace name should be provided" : result.message);
  return c.json({ userName: result.serviceAccount.name, workspaceName: result.workspace.name, permissions: GRANTED_PERMISSIONS });
});

// §5 Endpoint C: plain-text id of a workspace.
authApi.get("/workspaces/workspace-id", async (c) => {
  const name = singleQuery(c, "name");
  if (!name.ok) return opikError(c, 400, name.msg);
  const possible = name.value.toLowerCase() !== "default" && WORKSPACE_NAME_SHAPE.test(name.value);
  const id = possible ? await workspaceIdByName(getDb(), name.value) : null;
  if (!id) {
    // Quoted back only when it could be a workspace name: never a key pasted into the wrong place.
    const msg = possible
      ? `Workspace "${name.value}" does not exist`
      : name.value.toLowerCase() === "default"
        ? '"default" stands for a key\'s default workspace; it has no id of its own'
        : "The workspace name is not valid";
    return opikError(c, 400, msg);
  }
  return c.text(id);
});

// §7 Endpoint E: plain-text name of a workspace.
authApi.get("/workspaces/workspace-name", async (c) => {
  const id = singleQuery(c, "id");
  if (!id.ok) return opikError(c, 400, id.msg);
  const name = UUID.test(id.value) ? await workspaceNameById(getDb(), id.value.toLowerCase()) : null;
  if (!name) return opikError(c, 400, `No workspace has the id "${id.value.slice(0, 40)}"`);
  return c.text(name);
});

// §14.3: what `opik configure` asks to validate a key and find its default workspace.
authApi.get("/api/rest/v2/account-details", async (c) => {
  const key = readKeyHeader(c);
  if (!key.ok) return opikError(c, 401, key.msg);
  const result = await verifyApiKey(key.key, null);
  if (!result.valid) return opikError(c, 401, result.message);
  return c.json({ userName: result.serviceAccount.name, defaultWorkspaceName: result.workspace?.name ?? null });
});

authApi.get("/api/rest/v2/workspaces", async (c) => {
  const key = readKeyHeader(c);
  if (!key.ok) return opikError(c, 401, key.msg);
  const result = await verifyApiKey(key.key, null);
  if (!result.valid) return opikError(c, 401, result.message);
  return c.json({ workspaceNames: await workspaceNamesForAccount(getDb(), result.serviceAccount.id) });
});

authApi.get("/is-alive/ping", (c) => c.json({ healthy: true }));

// The native check for non-Opik gateways.
authApi.post("/api/v1/keys/verify", (c) => handleVerifyRequest(c.req.raw, (key) => c.set("credential", key)));

const METHODS: Record<string, string> = {
  "/opik/auth": "POST",
  "/opik/auth-session": "POST",
  "/opik/workspace-permissions": "POST",
  "/workspaces/workspace-id": "GET",
  "/workspaces/workspace-name": "GET",
  "/api/rest/v2/account-details": "GET",
  "/api/rest/v2/workspaces": "GET",
  "/is-alive/ping": "GET",
  "/api/v1/keys/verify": "POST",
};

/** Paths this API answers; server.ts sends everything else to Next.js. */
export function isAuthApiPath(pathname: string): boolean {
  return Object.hasOwn(METHODS, pathname);
}

authApi.notFound((c) => {
  const allowed = METHODS[c.req.path];
  if (allowed) {
    c.header("Allow", allowed === "GET" ? "GET, HEAD" : allowed);
    return opikError(c, 405, `Use ${allowed} for ${c.req.path}`);
  }
  return opikError(c, 404, "Not found");
});

// Never the key, never a stack trace: one line for the operator (throttled while the database is
// unreachable), a retryable 503 for Opik (README "Database outage"; lib/auth-api/outage.ts).
authApi.onError((error, c) => answerUnavailable(error, c));
