import type { IncomingMessage } from "node:http";
import { exchangeToken } from "@/lib/domain/token-exchange";
import { bufferBody } from "@/lib/http/buffered-body";
import { json, type Reply } from "@/lib/http/reply";
import type { HttpRequest } from "@/lib/http/router";
import { bodyTimeoutMs } from "@/lib/http/json-body";
import { countTokenExchange } from "@/lib/metrics";
import { readRateLimitConfig } from "@/lib/rate-limit/config";
import { FailureLimiter, retryAfterSeconds } from "@/lib/rate-limit/failure-limiter";
import { isStorableText } from "@/lib/validations/storable-text";
import { inspectToken, MAX_TOKEN_BYTES } from "@/lib/token-exchange/verify-token";

/**
 * POST /api/v1/token-exchange (Keyless CI, docs/keyless-ci.md): RFC 8693 token exchange, answered
 * beside the management API but outside its router: no management token (the identity token is
 * the credential), a form or JSON body, and OAuth's error body (RFC 6749 §5.2) instead of problem
 * details, which is what token clients (curl scripts, SDKs) read. lib/api/index.ts calls this
 * before the router, so the router needs no third mode.
 */
export const TOKEN_EXCHANGE_PATH = "/api/v1/token-exchange";
const GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
const TOKEN_TYPES = ["urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token"];
/** Room for a 16 KB token and the other fields, form-encoded (a JWT's characters are not escaped). */
const MAX_BODY_BYTES = MAX_TOKEN_BYTES + 8 * 1024;
const FIELDS = new Set(["grant_type", "subject_token", "subject_token_type", "audience", "resource", "requested_token_type", "scope"]);

type OAuthError = "invalid_request" | "invalid_grant" | "unsupported_grant_type" | "temporarily_unavailable";

// Cache-Control: no-store and nosniff come with every reply (lib/http/reply.ts); OAuth adds Pragma.
const send = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Reply => json(status, body, { pragma: "no-cache", ...headers });

const sendError = (status: number, error: OAuthError, description: string, headers: Record<string, string> = {}): Reply =>
  send(status, { error, error_description: description }, headers);

// Failed exchanges per (client address, issuer): the authentication API's limits (AUTH_RATE_LIMIT_*).
const store = globalThis as typeof globalThis & { __serviceAccountsExchangeLimiter?: FailureLimiter };
const limiter = () => (store.__serviceAccountsExchangeLimiter ??= new FailureLimiter(readRateLimitConfig().authApi, "token-exchange"));

type Fields = { ok: true; fields: Record<string, string> } | { ok: false; status: number; description: string };

/** The body as fields, from `application/x-www-form-urlencoded` or `application/json`; each field once, as text. */
async function readFields(req: IncomingMessage): Promise<Fields> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  const form = type === "application/x-www-form-urlencoded";
  if (!form && type !== "application/json") return { ok: false, status: 415, description: "Send the request as application/x-www-form-urlencoded (RFC 8693) or application/json" };
  const read = await bufferBody(req, MAX_BODY_BYTES, true, bodyTimeoutMs());
  if (read.kind === "tooLarge") return { ok: false, status: 413, description: `The request body is larger than ${MAX_BODY_BYTES / 1024} KB (a subject_token may be ${MAX_TOKEN_BYTES / 1024} KB)` };
  if (read.kind !== "read") return { ok: false, status: 408, description: "The request body did not arrive in time" };
  const fields: Record<string, string> = {};
  if (form) {
    const params = new URLSearchParams(read.body.toString("utf8"));
    for (const [name, value] of params) {
      if (Object.hasOwn(fields, name)) return { ok: false, status: 400, description: `The field ${name.slice(0, 40)} is sent twice` };
      fields[name] = value;
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(read.body.toString("utf8"));
    } catch {
      return { ok: false, status: 400, description: "The body is not valid JSON" };
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return { ok: false, status: 400, description: "The body must be a JSON object" };
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== "string") return { ok: false, status: 400, description: `The field ${name.slice(0, 40)} must be text` };
      fields[name] = value;
    }
  }
  const unknown = Object.keys(fields).filter((f) => !FIELDS.has(f));
  if (unknown.length) return { ok: false, status: 400, description: `Unknown fields: ${unknown.slice(0, 5).map((f) => f.slice(0, 40)).join(", ")}` };
  if (Object.values(fields).some((v) => !isStorableText(v))) return { ok: false, status: 400, description: "A field holds a NUL or broken character" };
  return { ok: true, fields };
}

function checkFields(fields: Record<string, string>): { ok: true; token: string } | { ok: false; error: OAuthError; description: string } {
  if (fields.grant_type !== GRANT_TYPE) return { ok: false, error: fields.grant_type ? "unsupported_grant_type" : "invalid_request", description: `grant_type must be ${GRANT_TYPE}` };
  if (!fields.subject_token) return { ok: false, error: "invalid_request", description: "Send the identity token as subject_token" };
  if (!fields.subject_token_type || !TOKEN_TYPES.includes(fields.subject_token_type)) return { ok: false, error: "invalid_request", description: `subject_token_type must be ${TOKEN_TYPES[0]}` };
  if (fields.requested_token_type && fields.requested_token_type !== "urn:ietf:params:oauth:token-type:access_token") {
    return { ok: false, error: "invalid_request", description: "requested_token_type can only be urn:ietf:params:oauth:token-type:access_token" };
  }
  return { ok: true, token: fields.subject_token.trim() };
}

export async function answerTokenExchange(r: HttpRequest): Promise<Reply> {
  if (r.method !== "POST") return sendError(405, "invalid_request", "Only POST", { allow: "POST" });
  const client = r.clientAddress().slice(0, 100) || null;
  const read = await readFields(r.raw);
  if (!read.ok) {
    countTokenExchange("invalid_request");
    return sendError(read.status, "invalid_request", read.description);
  }
  const checked = checkFields(read.fields);
  if (!checked.ok) {
    countTokenExchange("invalid_request");
    return sendError(400, checked.error, checked.description);
  }
  // Blocked clients are answered before any database work, fetch or audit record.
  const seen = inspectToken(checked.token);
  const limitKey = `${client ?? "-"} ${seen.issuer?.slice(0, 500) ?? "-"}`;
  const blockedMs = limiter().blockedMs(limitKey);
  if (blockedMs > 0) {
    countTokenExchange("rate_limited");
    const wait = retryAfterSeconds(blockedMs);
    return sendError(429, "invalid_request", `Too many refused exchanges from this address for this issuer: try again in ${wait} s`, { "retry-after": String(wait) });
  }
  const outcome = await exchangeToken(checked.token, client);
  if (outcome.ok) {
    countTokenExchange("ok");
    return send(200, {
      access_token: outcome.key,
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
      expires_in: outcome.expiresInS,
      service_account: outcome.serviceAccount,
      workspace: outcome.workspace,
    });
  }
  limiter().recordFailure(limitKey);
  countTokenExchange(outcome.status === 503 ? "unavailable" : outcome.error);
  return sendError(outcome.status, outcome.error, outcome.description, outcome.status === 503 ? { "retry-after": "5" } : {});
}
