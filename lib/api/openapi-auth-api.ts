/**
 * The authentication API (README "Authentication API", OPIK-AUTH-CONTRACT.md) in the OpenAPI
 * document, so gateway authors have one reference. Hand-written: these endpoints answer the Opik
 * backend's contract on node:http, not from zod schemas.
 */
type Json = Record<string, unknown>;

const msg = { type: "object", properties: { msg: { type: "string" }, code: { type: "integer" } }, required: ["msg", "code"] };
const json = (schema: Json, description: string) => ({ description, content: { "application/json": { schema } } });
const text = (description: string) => ({ description, content: { "text/plain": { schema: { type: "string" } } } });
const keyHeader = { name: "Authorization", in: "header", required: true, schema: { type: "string" }, description: "The API key, bare (the SDK's header as Opik received it)" };
const usernameHeader = { name: "X-Opik-OAuth-Username", in: "header", required: true, schema: { type: "string" }, description: "The person's email (Opik's MCP OAuth user name)" };
const permission = { type: "object", properties: { permissionName: { type: "string" }, permissionValue: { enum: ["true", "false"] } }, required: ["permissionName", "permissionValue"] };
const permissionsSchema = { type: "object", properties: { userName: { type: "string" }, workspaceName: { type: "string" }, permissions: { type: "array", items: permission } }, required: ["userName", "workspaceName", "permissions"] };
/** The body of the permissions lookups: only the workspace. */
const workspaceBody = { required: true, content: { "application/json": { schema: { type: "object", properties: { workspaceName: { type: "string" } }, required: ["workspaceName"] } } } };
const TAG = "Authentication API";
const op = (operationId: string, summary: string, rest: Json): Json => ({ operationId, summary, tags: [TAG], ...rest });

export function authApiPaths(): Record<string, Json> {
  const byUsernameErrors = { "400": json(msg, "Bad request"), "401": json(msg, "Unknown or disabled person, or a workspace outside theirs"), "404": json(msg, "Not from the Opik backend's addresses, or OPIK_BACKEND_ADDRESSES unset"), "503": json(msg, "Database unreachable") };
  const errors = { "400": json(msg, "Bad request"), "401": json(msg, "Refused key"), "403": json(msg, "Not allowed in this workspace"), "429": json(msg, "Too many unknown keys"), "503": json(msg, "Database unreachable") };
  return {
    "/opik/auth": {
      post: op("opikAuth", "Opik's key check: who the key is in the workspace asked for", {
        security: [{ apiKey: [] }],
        parameters: [keyHeader],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", properties: { workspaceName: { type: "string" }, path: { type: "string" }, requiredPermissions: { type: "array", items: { type: "string" } } }, required: ["workspaceName"] },
            },
          },
        },
        responses: {
          "200": json({ type: "object", properties: { user: { type: "string" }, workspaceId: { type: "string" }, workspaceName: { type: "string" }, quotas: { type: "array" } }, required: ["user", "workspaceId"] }, "The key's service account in that workspace"),
          ...errors,
        },
      }),
    },
    "/opik/auth-session": { post: op("opikAuthSession", "Browser sessions are not this service's: always 401", { security: [], responses: { "401": json(msg, "Not supported") } }) },
    "/opik/workspace-permissions": {
      post: op("opikWorkspacePermissions", "The key's permissions in a workspace (Opik's healthcheck)", {
        security: [{ apiKey: [] }],
        parameters: [keyHeader],
        requestBody: workspaceBody,
        responses: { "200": json(permissionsSchema, "Permissions"), ...errors },
      }),
    },
    "/opik/workspace-permissions-session": {
      post: op("opikWorkspacePermissionsSession", "Browser sessions are not this service's: always 401", { security: [], responses: { "401": json(msg, "Not supported") } }),
    },
    "/opik/auth-by-username": {
      post: op("opikAuthByUsername", "Opik's MCP OAuth check: a person named by email in a workspace. Only from OPIK_BACKEND_ADDRESSES; 404 otherwise", {
        security: [],
        parameters: [usernameHeader],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: { type: "object", properties: { workspaceName: { type: "string" }, path: { type: "string" }, requiredPermissions: { type: "array", items: { type: "string" } } }, required: ["workspaceName"] },
            },
          },
        },
        responses: {
          "200": json({ type: "object", properties: { user: { type: "string" }, workspaceId: { type: "string" }, workspaceName: { type: "string" }, quotas: { type: "array" } }, required: ["user", "workspaceId"] }, "The person in that workspace"),
          ...byUsernameErrors,
        },
      }),
    },
    "/opik/workspace-permissions-by-username": {
      post: op("opikWorkspacePermissionsByUsername", "A person's permissions in a workspace, every one true or false. Only from OPIK_BACKEND_ADDRESSES; 404 otherwise", {
        security: [],
        parameters: [usernameHeader],
        requestBody: workspaceBody,
        responses: { "200": json(permissionsSchema, "Permissions"), ...byUsernameErrors },
      }),
    },
    "/workspaces/workspace-id": {
      get: op("workspaceId", "A workspace's id by name (plain text)", { security: [], parameters: [{ name: "name", in: "query", required: true, schema: { type: "string" } }], responses: { "200": text("The id"), "400": json(msg, "Unknown") } }),
    },
    "/workspaces/workspace-name": {
      get: op("workspaceName", "A workspace's name by id (plain text)", { security: [], parameters: [{ name: "id", in: "query", required: true, schema: { type: "string" } }], responses: { "200": text("The name"), "400": json(msg, "Unknown") } }),
    },
    "/api/rest/v2/account-details": {
      get: op("accountDetails", "Comet-style account details of a key (SDK configure)", { security: [{ apiKey: [] }], parameters: [keyHeader], responses: { "200": json({ type: "object" }, "Account"), ...errors } }),
    },
    "/api/rest/v2/workspaces": {
      get: op("keyWorkspaces", "The workspaces a key may use (SDK configure)", { security: [{ apiKey: [] }], parameters: [keyHeader], responses: { "200": json({ type: "object", properties: { workspaceNames: { type: "array", items: { type: "string" } } } }, "Names"), ...errors } }),
    },
    "/is-alive/ping": { get: op("ping", "Liveness", { security: [], responses: { "200": json({ type: "object", properties: { healthy: { type: "boolean" } } }, "Alive") } }) },
    "/api/v1/keys/verify": {
      post: op("verifyKey", "The native key check for gateways other than Opik", {
        security: [],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { type: "object", properties: { key: { type: "string" }, workspace: { type: "string" }, permissions: { type: "array", items: { type: "string" } } }, required: ["key"] } } },
        },
        responses: {
          "200": json({ type: "object", properties: { valid: { const: true }, code: { const: "ok" }, serviceAccount: { type: "object" }, workspace: { type: ["object", "null"] }, expiresAt: { type: ["string", "null"] }, scope: { type: "object" } } }, "A valid key"),
          "400": json({ type: "object", properties: { valid: { const: false }, code: { type: "string" }, message: { type: "string" } } }, "Bad request"),
          "401": json({ type: "object", properties: { valid: { const: false }, code: { type: "string" }, message: { type: "string" } } }, "Refused key"),
          "403": json({ type: "object", properties: { valid: { const: false }, code: { type: "string" }, message: { type: "string" } } }, "Not allowed"),
          "429": json({ type: "object" }, "Too many unknown keys"),
          "503": json({ type: "object" }, "Database unreachable"),
        },
      }),
    },
  };
}
