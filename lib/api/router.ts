import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { authenticateManagementToken, tokenActor } from "@/lib/domain/management-tokens";
import { isDatabaseUnavailable } from "@/lib/db-health";
import { guardDb } from "@/lib/db-guard";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { readJsonObjectFromNode } from "@/lib/http/json-body";
import { UNSTORABLE_TEXT_MESSAGE, unstorableFields } from "@/lib/validations/storable-text";
import { bearerToken, fieldErrorsOf, problem, sendJson, sendProblem, type Problem } from "./http";
import { invalid } from "./results";
import { beginIdempotent, finishIdempotent } from "./idempotency";
import { bodyFields, isProblem, type Route, type RouteAnswer } from "./route";

/** Path parameters are ids: anything else names nothing (404, never a database error). */
const ID = z.uuid();

type Compiled = { route: Route; pattern: RegExp; names: string[] };
const compile = (route: Route): Compiled => {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
};

const compiledOf = new WeakMap<Route[], Compiled[]>();

/** The routes by path: who answers `pathname`, with which parameters; the methods allowed there. */
export function matchRoute(routes: Route[], method: string, pathname: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
  let compiled = compiledOf.get(routes);
  if (!compiled) compiledOf.set(routes, (compiled = routes.map(compile)));
  const hits = compiled.map((c) => ({ c, m: c.pattern.exec(pathname) })).filter((h) => h.m);
  if (hits.length === 0) return null;
  const hit = hits.find((h) => h.c.route.method === method);
  if (!hit) return { allowed: [...new Set(hits.map((h) => h.c.route.method))] };
  // A malformed escape (%E0%A4%A) stays as sent: it is no id, so the answer is a 404, not a URIError.
  const decode = (raw: string) => {
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  };
  const params = Object.fromEntries(hit.c.names.map((n, i) => [n, decode(hit.m![i + 1]!)]));
  return { route: hit.c.route, params };
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

/** One request to the management API (server.ts sends /api/v1/* here, but the key-verify endpoint). */
export async function answerRequest(routes: Route[], req: IncomingMessage, res: ServerResponse, pathname: string, search: URLSearchParams): Promise<void> {
  const method = req.method ?? "GET";
  const matched = matchRoute(routes, method, pathname);
  if (!matched) return sendProblem(res, problem(404, `No endpoint ${pathname.slice(0, 200)}: see /api/v1/openapi.json`));
  if ("allowed" in matched) return sendProblem(res, problem(405, `${method.slice(0, 10)} is not allowed here`, { headers: { allow: matched.allowed.join(", ") } }));
  const { route, params } = matched;
  if (Object.values(params).some((v) => !ID.safeParse(v).success)) return sendProblem(res, problem(404, "No such resource: ids are UUIDs"));
  const bearer = bearerToken(req, search);
  if (!bearer.ok) return sendProblem(res, bearer.problem);
  const auth = await guardDb(() => authenticateManagementToken(bearer.token));
  if (!auth.ok) return sendProblem(res, problem(401, TOKEN_REFUSALS[auth.reason], { headers: { "www-authenticate": 'Bearer error="invalid_token"' } }));
  if (route.access === "write" && auth.token.access !== "write") return sendProblem(res, problem(403, "This token can only read (a Read token, or its creator is now a viewer): use a Write token of an admin to change things"));
  const query = parseQuery(route, search);
  if (!query.ok) return sendProblem(res, query.problem);
  const body = await parseBody(req, route, params);
  if (!body.ok) return sendProblem(res, body.problem);
  const clientAddress = (req.headers[CLIENT_ADDRESS_HEADER] as string | undefined)?.slice(0, 100) ?? null;
  const lowered = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.toLowerCase()]));
  const idempotency = route.idempotent ? await beginIdempotent(req, auth.token.id, method, pathname, body.raw) : ({ kind: "none" } as const);
  if (idempotency.kind === "refused") return sendProblem(res, idempotency.problem);
  if (idempotency.kind === "replay") return sendJson(res, idempotency.status, idempotency.body, { "idempotent-replayed": "true" });
  let answer: RouteAnswer;
  try {
    answer = await route.handle({ params: lowered, query: query.value, body: body.value, ctx: { actor: tokenActor(auth.token), clientAddress } });
  } catch (error) {
    await finishIdempotent(idempotency, 500, null).catch(() => {});
    throw error;
  }
  await finishIdempotent(idempotency, answer.status, isProblem(answer) ? null : answer.body);
  if (isProblem(answer)) return sendProblem(res, answer);
  sendJson(res, answer.status, answer.body);
}

/** Never a stack trace: a database outage is a 503 with Retry-After, anything else a 500 problem (logged). */
export async function answerSafely(work: () => Promise<void>, res: ServerResponse, label: string): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    if (isDatabaseUnavailable(error)) return sendProblem(res, problem(503, "The database is unreachable; try again shortly", { headers: { "retry-after": "1" } }));
    console.error(`[api] ${label} failed: ${(error as Error).message?.replace(/\s+/g, " ").slice(0, 300)}`);
    sendProblem(res, { status: 500, title: "Internal error", detail: "The request failed on the server; it is in the log" });
  }
}
