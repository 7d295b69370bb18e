import type { Duplex } from "node:stream";
import type { z } from "zod";
import type { FieldErrors } from "@/lib/validations/action-result";
import { json, type Reply } from "./reply";

/**
 * The two error shapes of the surfaces before Next.js, each built here and nowhere else:
 * Opik's `{msg, code}` (the authentication API, the key checks, forward auth, metrics) and RFC 9457
 * problem details (the management API).
 */

/**
 * Error body the Opik backend parses (OPIK-AUTH-CONTRACT.md §2.2): `{"msg": string, "code": int}`,
 * always application/json. `msg` reaches the SDK user verbatim, so it says what to fix.
 */
export const opikBody = (status: number, msg: string) => ({ msg, code: status });
export const opikError = (status: number, msg: string, headers?: Record<string, string>): Reply => json(status, opikBody(status, msg), headers);

/** RFC 9457 problem details: every refusal of the management API (docs/management-api.md). */
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

export function problemReply(p: Problem): Reply {
  const body: Record<string, unknown> = { type: "about:blank", title: p.title, status: p.status, detail: p.detail };
  if (p.errors) body.errors = p.errors;
  return json(p.status, body, p.headers, "application/problem+json");
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

/**
 * A request Node's HTTP parser rejects (conflicting Content-Length, bytes not allowed in a path or
 * header name) never reaches the router: the server's `clientError` answers it 400 in `{msg, code}`
 * (the full process's server and each CHECK_WORKERS worker's alike).
 */
export function answerMalformedRequest(_error: Error, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify(opikBody(400, "Malformed HTTP request"));
  socket.end(
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
