import type { IncomingMessage } from "node:http";
import { problem, type Problem } from "@/lib/http/errors";

// The management API's problem details are built in lib/http/errors.ts, with Opik's `{msg, code}`.
export { fieldErrorsOf, problem, TITLES, type Problem } from "@/lib/http/errors";

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
