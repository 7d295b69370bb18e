import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { authenticateManagementToken, tokenActor } from "@/lib/domain/management-tokens";
import { isDatabaseUnavailable } from "@/lib/db-health";
import { guardDb } from "@/lib/db-guard";
import { problemReply } from "@/lib/http/errors";
import { readJsonObjectFromNode } from "@/lib/http/json-body";
import { json, type Reply } from "@/lib/http/reply";
import { RouteTable, type HttpRequest } from "@/lib/http/router";
import { UNSTORABLE_TEXT_MESSAGE, unstorableFields } from "@/lib/validations/storable-text";
import { bearerToken, fieldErrorsOf, problem, type Problem } from "./http";
import { invalid } from "./results";
import { beginIdempotent, finishIdempotent } from "./idempotency";
import { bodyFields, isProblem, type Route, type RouteAnswer } from "./route";

/** Path parameters are ids: anything else names nothing (404, never a database error). */
const ID = z.uuid();

const tables = new WeakMap<Route[], RouteTable<Route>>();

/** The routes as a table of lib/http/router.ts (built once per list). */
function tableOf(routes: Route[]): RouteTable<Route> {
  let table = tables.get(routes);
  if (!table) {
    table = new RouteTable<Route>();
    for (const route of routes) table.add(route.method, route.path, route);
    tables.set(routes, table);
  }
  return table;
}

const TOKEN_REFUSALS = {
  malformed: "This is not a management token (an API key, or a token with a typo?)",
  unknown: "Unknown management token",
  revoked: "This management token is revoked",
  expired: "This management token has expired",
  creator_gone: "The person who created this management token was removed: create a new token",
  creator_disabled: "The person who created this management token is disabled",
  creator_member: "The person who created this management token is now a member, who may not use the dashboard or this API: an admin can make them a viewer or admin again, or create a new token",
} as const;

/** JSON numbers and booleans where a form field takes text: the dashboard's schemas read forms. */
const asFormValue = (value: unknown): unknown => (typeof value === "number" || typeof value === "boolean" ? String(value) : value === null ? "" : value);

async function parseBody(req: IncomingMessage, route: Route, params: Record<string, string>): Promise<{ ok: true; value: unknown; raw?: unknown } | { ok: false; problem: Problem }> {
  if (!route.body) return { ok: true, value: undefined };
  const read = await readJsonObjectFromNode(req);
  if (!read.ok) {
    const errors = read.fields && Object.fromEntries(read.fields.slice(0, 20).map((f) => [f, [UNSTORABLE_TEXT_MESSAGE]]));
    return { ok: false, problem: problem(read.status, read.message, errors ? { errors } : {}) };
  }
  const fields = new Set(bodyFields(route.body));
  const fromPath = route.fromPath ?? {};
  const unknown = Object.keys(read.value).filter((k) => !fields.has(k) || Object.hasOwn(fromPath, k));
  if (unknown.length > 0) {
    const errors = Object.fromEntries(unknown.slice(0, 20).map((k) => [k.slice(0, 100), ["Unknown field"]]));
    return { ok: false, problem: problem(422, `Unknown fields: ${unknown.slice(0, 5).map((k) => k.slice(0, 40)).join(", ")}`, { errors }) };
  }
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(read.value)) input[k] = Array.isArray(v) ? v.map(asFormValue) : asFormValue(v);
  for (const [field, param] of Object.entries(fromPath)) input[field] = params[param];
  const parsed = route.body.safeParse(input);
  if (!parsed.success) return { ok: false, problem: invalid(parsed.error) };
  return { ok: true, value: parsed.data, raw: read.value };
}

function parseQuery(route: Route, search: URLSearchParams): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  const given = Object.fromEntries(search);
  // %00 decodes to NUL, which no query can carry (lib/validations/storable-text.ts).
  const unstorable = unstorableFields(given);
  if (unstorable.length > 0) {
    const errors = Object.fromEntries(unstorable.slice(0, 20).map((f) => [f, [UNSTORABLE_TEXT_MESSAGE]]));
    return { ok: false, problem: problem(400, `${UNSTORABLE_TEXT_MESSAGE}: ${unstorable.slice(0, 5).join(", ")}`, { errors }) };
  }
  const known = route.query ? Object.keys(route.query.shape) : [];
  const unknown = Object.keys(given).filter((k) => !known.includes(k) || search.getAll(k).length > 1);
  if (unknown.length > 0) return { ok: false, problem: problem(400, `Unknown or repeated query parameters: ${unknown.slice(0, 5).map((k) => k.slice(0, 40)).join(", ")}`) };
  if (!route.query) return { ok: true, value: {} };
  const parsed = route.query.safeParse(given);
  if (!parsed.success) return { ok: false, problem: problem(400, "The query needs attention.", { errors: fieldErrorsOf(parsed.error) }) };
  return { ok: true, value: parsed.data };
}

/** One request to the management API (server.ts sends /api/v1/* here, but the authentication API's paths). */
export async function answerRequest(routes: Route[], r: HttpRequest): Promise<Reply> {
  const { method, pathname, raw: req } = r;
  const search = r.query;
  const matched = tableOf(routes).match(method, pathname);
  if (!matched) return problemReply(problem(404, `No endpoint ${pathname.slice(0, 200)}: see /api/v1/openapi.json`));
  if ("allowed" in matched) return problemReply(problem(405, `${method.slice(0, 10)} is not allowed here`, { headers: { allow: matched.allowed.join(", ") } }));
  const { handler: route, params } = matched;
  if (Object.values(params).some((v) => !ID.safeParse(v).success)) return problemReply(problem(404, "No such resource: ids are UUIDs"));
  const bearer = bearerToken(req, search);
  if (!bearer.ok) return problemReply(bearer.problem);
  const auth = await guardDb(() => authenticateManagementToken(bearer.token));
  if (!auth.ok) return problemReply(problem(401, TOKEN_REFUSALS[auth.reason], { headers: { "www-authenticate": 'Bearer error="invalid_token"' } }));
  if (route.access === "write" && auth.token.access !== "write") return problemReply(problem(403, "This token can only read (a Read token, or its creator is now a viewer): use a Write token of an admin to change things"));
  const query = parseQuery(route, search);
  if (!query.ok) return problemReply(query.problem);
  const body = await parseBody(req, route, params);
  if (!body.ok) return problemReply(body.problem);
  const clientAddress = r.clientAddress().slice(0, 100) || null;
  const lowered = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.toLowerCase()]));
  const idempotency = route.idempotent ? await beginIdempotent(req, auth.token.id, method, pathname, body.raw) : ({ kind: "none" } as const);
  if (idempotency.kind === "refused") return problemReply(idempotency.problem);
  if (idempotency.kind === "replay") return json(idempotency.status, idempotency.body, { "idempotent-replayed": "true" });
  let answer: RouteAnswer;
  try {
    answer = await route.handle({ params: lowered, query: query.value, body: body.value, ctx: { actor: tokenActor(auth.token), clientAddress } });
  } catch (error) {
    await finishIdempotent(idempotency, 500, null).catch(() => {});
    throw error;
  }
  await finishIdempotent(idempotency, answer.status, isProblem(answer) ? null : answer.body);
  if (isProblem(answer)) return problemReply(answer);
  return answer.status === 204 ? { status: 204 } : json(answer.status, answer.body);
}

/** Never a stack trace: a database outage is a 503 with Retry-After, anything else a 500 problem (logged). */
export function answerFailure(error: unknown, r: HttpRequest): Reply {
  if (isDatabaseUnavailable(error)) return problemReply(problem(503, "The database is unreachable; try again shortly", { headers: { "retry-after": "1" } }));
  console.error(`[api] ${r.method} ${r.pathname.slice(0, 200)} failed: ${(error as Error).message?.replace(/\s+/g, " ").slice(0, 300)}`);
  return problemReply({ status: 500, title: "Internal error", detail: "The request failed on the server; it is in the log" });
}
