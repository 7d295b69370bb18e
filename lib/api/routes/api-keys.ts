import { getDb } from "@/db/client";
import { listApiKeys } from "@/db/queries/api-keys";
import { findServiceAccountForKeys } from "@/db/queries/service-accounts";
import { createApiKey, deleteApiKey, type CreatedApiKey } from "@/lib/domain/api-keys";
import { rollApiKey, setApiKeyDisabled } from "@/lib/domain/key-lifecycle";
import { createApiKeySchema } from "@/lib/validations/api-keys";
import { rollKeySchema } from "@/lib/validations/key-lifecycle";
import { answerOf, notFound, refusalOf } from "../results";
import type { Route, RouteAnswer } from "../route";
import { apiKeyOut, apiKeySchema, createdApiKeySchema, list } from "../schemas";

const TAG = "API keys";
const KEYS = "/api/v1/service-accounts/{id}/keys";
const created = (key: CreatedApiKey | undefined) => ({ ...apiKeyOut(key!), key: key!.key });

async function keyAnswer(accountId: string, keyId: string): Promise<RouteAnswer> {
  const key = (await listApiKeys(getDb(), accountId)).find((k) => k.id === keyId);
  return key ? { status: 200, body: apiKeyOut(key) } : notFound("This API key");
}

function setDisabled(disabled: boolean): Route {
  const verb = disabled ? "disable" : "enable";
  return {
    method: "POST",
    path: `${KEYS}/{keyId}/${verb}`,
    operationId: `${verb}ApiKey`,
    summary: disabled ? "Disable an API key: refused from the next check on" : "Enable an API key",
    tag: TAG,
    access: "write",
    success: 200,
    response: apiKeySchema,
    handle: async ({ params, ctx }) => {
      const result = await setApiKeyDisabled({ serviceAccountId: params.id!, keyId: params.keyId!, disabled }, ctx);
      return result.ok ? keyAnswer(params.id!, params.keyId!) : refusalOf(result);
    },
  };
}

export const apiKeyRoutes: Route[] = [
  {
    method: "GET",
    path: KEYS,
    operationId: "listApiKeys",
    summary: "The API keys of a service account (never the keys themselves: hints only)",
    tag: TAG,
    access: "read",
    success: 200,
    response: list(apiKeySchema, "ApiKeyList"),
    handle: async ({ params }) => {
      if (!(await findServiceAccountForKeys(getDb(), params.id!))) return notFound("This service account");
      return { status: 200, body: { items: (await listApiKeys(getDb(), params.id!)).map(apiKeyOut) } };
    },
  },
  {
    method: "POST",
    path: KEYS,
    operationId: "createApiKey",
    summary: "Add a key (Add key): the answer holds the key, once",
    tag: TAG,
    access: "write",
    body: createApiKeySchema,
    fromPath: { serviceAccountId: "id" },
    success: 201,
    response: createdApiKeySchema,
    idempotent: true,
    handle: async ({ body, ctx }) => answerOf(await createApiKey(body, ctx), 201, created),
  },
  {
    method: "POST",
    path: `${KEYS}/{keyId}/roll`,
    operationId: "rollApiKey",
    summary: "Roll a key (Roll key): a new key in the answer, once; the old one works for the grace period (now, 1h, 24h, 7d)",
    tag: TAG,
    access: "write",
    body: rollKeySchema,
    fromPath: { serviceAccountId: "id", keyId: "keyId" },
    success: 201,
    response: createdApiKeySchema,
    idempotent: true,
    handle: async ({ body, ctx }) => answerOf(await rollApiKey(body, ctx), 201, created),
  },
  setDisabled(true),
  setDisabled(false),
  {
    method: "DELETE",
    path: `${KEYS}/{keyId}`,
    operationId: "deleteApiKey",
    summary: "Delete a key: refused from the next check on",
    tag: TAG,
    access: "write",
    success: 204,
    handle: async ({ params, ctx }) => answerOf(await deleteApiKey({ serviceAccountId: params.id!, keyId: params.keyId! }, ctx), 204),
  },
];
