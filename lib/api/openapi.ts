import { z } from "zod";
import { TITLES } from "./http";
import type { Route } from "./route";
import { problemSchema } from "./schemas";
import { authApiPaths } from "./openapi-auth-api";
import { tokenExchangePaths } from "./openapi-token-exchange";

type Json = Record<string, unknown>;

/** A zod schema as OpenAPI 3.1's JSON Schema (draft 2020-12): requests as they are sent, answers as they come. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any", reused: "inline" }) as Json;
  delete out.$schema;
  return out;
}

const problemRef = { $ref: "#/components/schemas/Problem" };
const problemResponse = (status: number) => ({ description: TITLES[status] ?? "Error", content: { "application/problem+json": { schema: problemRef } } });

function operation(route: Route): Json {
  const parameters: Json[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string", format: "uuid" } }));
  if (route.query) {
    const query = jsonSchema(route.query, "input") as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: "query", required: query.required?.includes(name) ?? false, schema });
  }
  if (route.idempotent) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      schema: { type: "string", minLength: 1, maxLength: 200 },
      description: "A retry with the same key and request gets the first answer again (24 hours; header Idempotent-Replayed: true)",
    });
  }
  const responses: Json = {};
  responses[String(route.success)] =
    route.success === 204 ? { description: "Done" } : { description: route.success === 201 ? "Created" : "OK", content: { "application/json": { schema: route.response ? jsonSchema(route.response, "output") : {} } } };
  for (const status of [400, 401, 403, 404, 405, 409, 422, 503]) responses[String(status)] = problemResponse(status);
  const op: Json = { operationId: route.operationId, summary: route.summary, tags: [route.tag], parameters, responses, security: [{ managementToken: [] }] };
  if (route.body) {
    const schema = jsonSchema(route.body, "input") as { properties?: Record<string, unknown>; required?: string[] };
    for (const field of Object.keys(route.fromPath ?? {})) {
      delete schema.properties?.[field];
      schema.required = schema.required?.filter((r) => r !== field);
    }
    op.requestBody = { required: true, content: { "application/json": { schema: { ...schema, additionalProperties: false } } } };
  }
  return op;
}

/** The OpenAPI 3.1 document of GET /api/v1/openapi.json: the management API's routes and the authentication API. */
export function openApiDocument(routes: Route[], version: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  Object.assign(paths, authApiPaths(), tokenExchangePaths());
  paths["/api/v1/openapi.json"] = {
    get: { operationId: "getOpenApiDocument", summary: "This document", tags: ["Reference"], security: [], responses: { "200": { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } } } },
  };
  paths["/api/v1/docs"] = {
    get: { operationId: "getApiReference", summary: "This document, rendered (served from this service, no CDN)", tags: ["Reference"], security: [], responses: { "200": { description: "HTML", content: { "text/html": { schema: { type: "string" } } } } } },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Service Accounts Admin",
      version,
      description:
        "Management API (`/api/v1/`, a management token from Settings as `Authorization: Bearer <token>`) and the authentication API that checks API keys for Opik and other gateways. Errors of the management API are RFC 9457 problem details.",
    },
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, "output") },
      securitySchemes: {
        managementToken: { type: "http", scheme: "bearer", description: "A management token (samt_…) created on the Settings page" },
        apiKey: { type: "apiKey", in: "header", name: "Authorization", description: "A service account's API key, bare (as Opik's SDKs send it)" },
      },
    },
  };
}
