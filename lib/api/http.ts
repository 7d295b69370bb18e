import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { FieldErrors } from "@/lib/validations/action-result";

/** RFC 9457 problem details: every refusal of the management API (README "Automate it"). */
export type Problem = { status: number; title: string; detail: string; errors?: FieldErrors; headers?: Record<string, string> };

export const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  408: "Request timeout",
  409: "Conflict",
  413: "Content too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  503: "Service unavailable",
};

export const problem = (status: number, detail: string, extra: Partial<Problem> = {}): Problem => ({ status, title: TITLES[status] ?? "Error", detail, ...extra });

const COMMON = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

export function sendProblem(res: ServerResponse, p: Problem): void {
  const body: Record<string, unknown> = { type: "about:blank", title: p.title, status: p.status, detail: p.detail };
  if (p.errors) body.errors = p.errors;
  const text = JSON.stringify(body);
  res.writeHead(p.status, { ...COMMON, ...p.headers, "content-type": "application/problem+json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, { ...COMMON, ...headers });
    return void res.end();
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...COMMON, ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Zod's issues as field errors (the same messages the dashboard's forms show), by top-level field. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "body";
    (out[field] ??= []).push(issue.message);
  }
  return out;
}

const TOKEN_PARAMS = /^(token|access_token|api_key|apikey|key|bearer|authorization)$/i;
/** Something shaped like a management token anywhere in a value (a search for "samt_" alone is fine). */
const TOKEN_IN_VALUE = /samt_[0-9A-Za-z]{46}/;

/**
 * The token of a request: `Authorization: Bearer <token>`, exactly once. A token in the query
 * string is refused outright (URLs end up in logs), as is a missing, doubled or other scheme.
 */
export function bearerToken(req: IncomingMessage, search: URLSearchParams): { ok: true; token: string } | { ok: false; problem: Problem } {
  for (const [name, value] of search) {
    if (TOKEN_PARAMS.test(name) || TOKEN_IN_VALUE.test(value)) {
      return { ok: false, problem: problem(400, "Send the token in the Authorization header (Authorization: Bearer <token>), never in the URL") };
    }
  }
  const challenge = { "www-authenticate": 'Bearer realm="management-api"' };
  const raw = req.headersDistinct.authorization;
  if (!raw || raw.length === 0) return { ok: false, problem: problem(401, "Send a management token: Authorization: Bearer <token>", { headers: challenge }) };
  if (raw.length > 1) return { ok: false, problem: problem(401, "Send one Authorization header", { headers: challenge }) };
  const match = /^Bearer ([^\s]+)$/i.exec(raw[0]!.trim());
  if (!match || /^bearer$/i.test(match[1]!)) {
    return { ok: false, problem: problem(401, "The Authorization header must be: Bearer <token>, once", { headers: challenge }) };
  }
  return { ok: true, token: match[1]! };
}
