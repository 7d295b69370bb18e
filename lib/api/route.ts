import type { z } from "zod";
import type { TokenAccess } from "@/db/schema-api";
import type { MutationContext } from "@/lib/domain/service-accounts";
import type { Problem } from "./http";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** What a route's handler gets: path parameters, the parsed query and body, and who acts. */
export type RouteInput<Q, B> = { params: Record<string, string>; query: Q; body: B; ctx: MutationContext };
export type RouteAnswer = { status: 200 | 201 | 204; body?: unknown } | Problem;

/**
 * One endpoint of the management API (lib/api/routes/*): the OpenAPI document is built from the
 * same objects (lib/api/openapi.ts), so the document and the server cannot disagree.
 * `body` is the request body's schema (unknown fields are refused on writes); `response` the
 * schema of a successful answer's body.
 */
export type Route = {
  method: Method;
  /** OpenAPI style: /api/v1/service-accounts/{id} */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: TokenAccess;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Body fields the handler fills from the path (not accepted in the body). */
  fromPath?: Record<string, string>;
  success: 200 | 201 | 204;
  response?: z.ZodType;
  /** A create: Idempotency-Key applies (lib/api/idempotency.ts). */
  idempotent?: boolean;
  handle: (input: RouteInput<any, any>) => Promise<RouteAnswer>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

/** The fields a body schema takes (an object, or a pipe that starts with one): anything else is refused. */
export function bodyFields(schema: z.ZodType): string[] {
  const def = (schema as unknown as { _zod: { def: { type: string; in?: z.ZodType; shape?: Record<string, unknown> } } })._zod.def;
  if (def.type === "object") return Object.keys(def.shape ?? {});
  if (def.type === "pipe" && def.in) return bodyFields(def.in);
  return [];
}

export const isProblem = (answer: RouteAnswer): answer is Problem => "title" in answer;
