import { getDb } from "@/db/client";
import { workspaceIdByName, workspaceNameById, workspaceNamesForAccount } from "@/db/queries/auth-api";
import { guardDb } from "@/lib/db-guard";
import { json, text, type Reply } from "@/lib/http/reply";
import { answerFrom, RouteTable, type HttpRequest, type Mount } from "@/lib/http/router";
import { verifyApiKey, WORKSPACE_NAME_SHAPE } from "@/lib/verify";
import { answerVerifyRequest } from "@/lib/verify/native-endpoint";
import { addByUsernameRoutes, BY_USERNAME_PATHS, isFromOpikBackend } from "./by-username";
import { answerUnavailable } from "./outage";
import { refusedChecks } from "./refused-checks";
import { limitUnknownCredentials } from "./rate-limit";
import { opikError, opikTooManyRequests, keyFromHeader, singleQuery, verifyTooManyRequests } from "./respond";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The authentication API (OPIK-AUTH-CONTRACT.md §3, §5–§7, §14.3, PRODUCT.md §5): a route table of
 * lib/http/router.ts, mounted by server.ts before Next.js. Every key check goes through lib/verify.
 * The two checks the Opik backend makes on its users' requests, POST /opik/auth and POST
 * /opik/workspace-permissions, are the mount before this one (lib/auth-api/key-checks.ts); other
 * methods on those paths land here (405). A database that stops answering must not hold Opik's
 * request past its 2 s connect limit: every database call below goes through guardDb (deadline +
 * circuit, lib/db-guard.ts). Unknown credentials are limited per client address (lib/auth-api/rate-limit.ts).
 */
export const authApi = new RouteTable({ headAsGet: true });

// §4 Endpoint B: browser sessions are Comet's, not ours.
authApi.post("/opik/auth-session", () => opikError(401, "This service authenticates API keys only: send the key in the Authorization header"));

// §18.3: the same refusal for the permissions of a browser session (Opik's own cookie, never issued here).
authApi.post("/opik/workspace-permissions-session", () =>
  opikError(401, "This service issues no Opik session cookies: the permissions of a credential are at /opik/workspace-permissions"),
);

// §8 F and §18.3: a person named by header, from the Opik backend's addresses only.
addByUsernameRoutes(authApi);

// §5 Endpoint C: plain-text id of a workspace.
authApi.get("/workspaces/workspace-id", async (r) => {
  const name = singleQuery(r, "name");
  if (!name.ok) return opikError(400, name.msg);
  const possible = name.value.toLowerCase() !== "default" && WORKSPACE_NAME_SHAPE.test(name.value);
  const id = possible ? await guardDb(() => workspaceIdByName(getDb(), name.value)) : null;
  if (!id) {
    // Quoted back only when it could be a workspace name: never a key pasted into the wrong place.
    const msg = possible
      ? `Workspace "${name.value}" does not exist`
      : name.value.toLowerCase() === "default"
        ? '"default" stands for a key\'s default workspace; it has no id of its own'
        : "The workspace name is not valid";
    return opikError(400, msg);
  }
  return text(200, id);
});

// §7 Endpoint E: plain-text name of a workspace.
authApi.get("/workspaces/workspace-name", async (r) => {
  const id = singleQuery(r, "id");
  if (!id.ok) return opikError(400, id.msg);
  const name = UUID.test(id.value) ? await guardDb(() => workspaceNameById(getDb(), id.value.toLowerCase())) : null;
  if (!name) return opikError(400, `No workspace has the id "${id.value.slice(0, 40)}"`);
  return text(200, name);
});

// §14.3: what `opik configure` asks to validate a key and find its default workspace.
/** The key in the Authorization header, checked with no workspace; unknown keys count towards the address's limit. */
const withValidKey = (answer: (valid: Extract<Awaited<ReturnType<typeof verifyApiKey>>, { valid: true }>) => Promise<Reply> | Reply) =>
  limitUnknownCredentials(refusedChecks, opikTooManyRequests, async (r, noteUnknown) => {
    const key = keyFromHeader(r.header("authorization"));
    if (!key.ok) return opikError(401, key.msg);
    const result = await verifyApiKey(key.key, null);
    if (!result.valid && result.code === "unknown_key") noteUnknown(key.key);
    if (!result.valid) return opikError(401, result.message);
    return answer(result);
  });

authApi.get(
  "/api/rest/v2/account-details",
  withValidKey((result) => json(200, { userName: result.serviceAccount.name, defaultWorkspaceName: result.workspace?.name ?? null })),
);

authApi.get(
  "/api/rest/v2/workspaces",
  withValidKey(async (result) => {
    const accountId = result.serviceAccount.id;
    return json(200, { workspaceNames: await guardDb(() => workspaceNamesForAccount(getDb(), accountId)) });
  }),
);

authApi.get("/is-alive/ping", () => json(200, { healthy: true }));

// The native check for non-Opik gateways.
authApi.post("/api/v1/keys/verify", limitUnknownCredentials(refusedChecks, verifyTooManyRequests, answerVerifyRequest));

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

/** Paths this API answers; server.ts sends everything else on. */
export function isAuthApiPath(pathname: string): boolean {
  return Object.hasOwn(METHODS, pathname);
}

/** `/opik/auth/`, `//opik/auth`, `/opik//auth`: the canonical API path it was meant as, or null. */
function canonicalApiPath(pathname: string): string | null {
  const canonical = pathname.replace(/\/{2,}/g, "/").replace(/(.)\/+$/, "$1");
  return canonical !== pathname && Object.hasOwn(METHODS, canonical) ? canonical : null;
}

/** A near miss of an API path; answered here with a JSON 404 instead of Next's redirect. */
export function isAuthApiPathVariant(pathname: string): boolean {
  return canonicalApiPath(pathname) !== null;
}

/** A path of this API asked with another method: 405; anything else (near misses too): 404. */
function unanswered(r: HttpRequest) {
  const pathname = r.pathname;
  const allowed = (BY_USERNAME_PATHS as readonly string[]).includes(pathname) && !isFromOpikBackend(r) ? undefined : METHODS[pathname];
  if (allowed) return opikError(405, `Use ${allowed} for ${pathname}`, { allow: allowed === "GET" ? "GET, HEAD" : allowed });
  const canonical = canonicalApiPath(pathname);
  return opikError(404, canonical ? `Not found: the path is ${canonical}` : "Not found");
}

export const answerAuthApi = answerFrom(authApi, {
  notFound: unanswered,
  methodNotAllowed: unanswered,
  // Never the key, never a stack trace: one line for the operator (throttled while the database is
  // unreachable), a retryable 503 for Opik (docs/operations.md "Database outage"; lib/auth-api/outage.ts).
  onError: answerUnavailable,
});

/** The authentication API's mount in server.ts: its paths and their near misses. */
export const authApiMount: Mount = {
  owns: (_method, pathname) => isAuthApiPath(pathname) || isAuthApiPathVariant(pathname),
  answer: answerAuthApi,
  opik: true,
};
