import { Hono, type Context } from "hono";
import { getDb } from "@/db/client";
import { workspaceIdByName, workspaceNameById, workspaceNamesForAccount } from "@/db/queries/auth-api";
import { guardDb } from "@/lib/db-guard";
import { verifyApiKey, WORKSPACE_NAME_SHAPE, type VerifyResult } from "@/lib/verify";
import { handleVerifyRequest } from "@/lib/verify/native-endpoint";
import { addByUsernameRoutes } from "./by-username";
import { answerUnavailable } from "./outage";
import { refusedChecks } from "./refused-checks";
import { limitUnknownCredentials, type AuthApiEnv } from "./rate-limit";
import { opikError, opikTooManyRequests, readKeyHeader, singleQuery, verifyTooManyRequests } from "./respond";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The authentication API (OPIK-AUTH-CONTRACT.md §3, §5–§7, §14.3, PRODUCT.md §5). Every key check
 * goes through lib/verify. Served by server.ts before Next.js sees the request. The two checks the
 * Opik backend makes on its users' requests, POST /opik/auth and POST /opik/workspace-permissions,
 * are answered on node:http by lib/auth-api/key-checks.ts; other methods on those paths land here (405).
 */
export const authApi = new Hono<AuthApiEnv>();

// JSON and plain-text answers about credentials: never cached, never sniffed into something else.
authApi.use(async (c, next) => {
  await next();
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("X-Content-Type-Options", "nosniff");
});

// A database that stops answering must not hold Opik's request past its 2 s connect limit: every
// database call below goes through guardDb (deadline + circuit, lib/db-guard.ts).

// Unknown credentials per client address (README "Rate limiting and security headers").
const limitOpik = limitUnknownCredentials(refusedChecks, opikTooManyRequests);
for (const path of ["/api/rest/v2/account-details", "/api/rest/v2/workspaces"]) {
  authApi.use(path, limitOpik);
}
authApi.use("/api/v1/keys/verify", limitUnknownCredentials(refusedChecks, verifyTooManyRequests));

/** Tells the limiter when a refusal was for a well-formed key the database does not know. */
function noteUnknown(c: Context<AuthApiEnv>, result: VerifyResult, credential: string): void {
  if (!result.valid && result.code === "unknown_key") c.set("unknownCredential", credential);
}

// §4 Endpoint B: browser sessions are Comet's, not ours.
authApi.post("/opik/auth-session", (c) =>
  opikError(c, 401, "This service authenticates API keys only: send the key in the Authorization header"),
);

// §18.3: the same refusal for the permissions of a browser session (Opik's own cookie, never issued here).
authApi.post("/opik/workspace-permissions-session", (c) =>
  opikError(c, 401, "This service issues no Opik session cookies: the permissions of a credential are at /opik/workspace-permissions"),
);

// §8 F and §18.3: a person named by header, from the Opik backend's addresses only.
addByUsernameRoutes(authApi);

// §5 Endpoint C: plain-text id of a workspace.
authApi.get("/workspaces/workspace-id", async (c) => {
  const name = singleQuery(c, "name");
  if (!name.ok) return opikError(c, 400, name.msg);
  const possible = name.value.toLowerCase() !== "default" && WORKSPACE_NAME_SHAPE.test(name.value);
  const id = possible ? await guardDb(() => workspaceIdByName(getDb(), name.value)) : null;
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
  const name = UUID.test(id.value) ? await guardDb(() => workspaceNameById(getDb(), id.value.toLowerCase())) : null;
  if (!name) return opikError(c, 400, `No workspace has the id "${id.value.slice(0, 40)}"`);
  return c.text(name);
});

// §14.3: what `opik configure` asks to validate a key and find its default workspace.
authApi.get("/api/rest/v2/account-details", async (c) => {
  const key = readKeyHeader(c);
  if (!key.ok) return opikError(c, 401, key.msg);
  const result = await verifyApiKey(key.key, null);
  noteUnknown(c, result, key.key);
  if (!result.valid) return opikError(c, 401, result.message);
  return c.json({ userName: result.serviceAccount.name, defaultWorkspaceName: result.workspace?.name ?? null });
});

authApi.get("/api/rest/v2/workspaces", async (c) => {
  const key = readKeyHeader(c);
  if (!key.ok) return opikError(c, 401, key.msg);
  const result = await verifyApiKey(key.key, null);
  noteUnknown(c, result, key.key);
  if (!result.valid) return opikError(c, 401, result.message);
  const accountId = result.serviceAccount.id;
  return c.json({ workspaceNames: await guardDb(() => workspaceNamesForAccount(getDb(), accountId)) });
});

authApi.get("/is-alive/ping", (c) => c.json({ healthy: true }));

// The native check for non-Opik gateways.
authApi.post("/api/v1/keys/verify", (c) => handleVerifyRequest(c.req.raw, (key) => c.set("unknownCredential", key)));

const METHODS: Record<string, string> = {
  "/opik/auth": "POST",
  "/opik/auth-session": "POST",
  "/opik/workspace-permissions": "POST",
  "/opik/workspace-permissions-session": "POST",
  "/opik/auth-by-username": "POST",
  "/opik/workspace-permissions-by-username": "POST",
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

/** `/opik/auth/`, `//opik/auth`, `/opik//auth`: the canonical API path it was meant as, or null. */
function canonicalApiPath(pathname: string): string | null {
  const canonical = pathname.replace(/\/{2,}/g, "/").replace(/(.)\/+$/, "$1");
  return canonical !== pathname && Object.hasOwn(METHODS, canonical) ? canonical : null;
}

/** A near miss of an API path; server.ts sends it here for a JSON 404 instead of Next's redirect. */
export function isAuthApiPathVariant(pathname: string): boolean {
  return canonicalApiPath(pathname) !== null;
}

authApi.notFound((c) => {
  const allowed = METHODS[c.req.path];
  if (allowed) {
    c.header("Allow", allowed === "GET" ? "GET, HEAD" : allowed);
    return opikError(c, 405, `Use ${allowed} for ${c.req.path}`);
  }
  const canonical = canonicalApiPath(c.req.path);
  return opikError(c, 404, canonical ? `Not found: the path is ${canonical}` : "Not found");
});

// Never the key, never a stack trace: one line for the operator (throttled while the database is
// unreachable), a retryable 503 for Opik (README "Database outage"; lib/auth-api/outage.ts).
authApi.onError((error, c) => answerUnavailable(error, c));
