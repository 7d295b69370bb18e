import type { IncomingMessage } from "node:http";
import { UNSTORABLE_TEXT_MESSAGE, unstorableFields } from "@/lib/validations/storable-text";

/** Reading untrusted JSON request bodies: bounded size, JSON content type, an object at the top. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;
/** How much of a too-large body is read (and dropped) before answering 413. */
const MAX_DRAINED_BYTES = 4 * 1024 * 1024;

/**
 * How long a request body may take to arrive (REQUEST_BODY_TIMEOUT_S, default 10 s; README
 * "Configuration"). A slow sender gets 408; this time never counts toward the database deadline.
 */
export function bodyTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.REQUEST_BODY_TIMEOUT_S?.trim();
  if (!raw) return 10_000;
  const seconds = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds >= 1 && seconds <= 300)) throw new Error(`REQUEST_BODY_TIMEOUT_S must be a whole number from 1 to 300 (got "${raw.slice(0, 20)}")`);
  return seconds * 1000;
}
const BODY_TIMEOUT_MS = bodyTimeoutMs();

export type BodyResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; status: 400 | 408 | 413 | 415; message: string; fields?: string[] };

type Refusal = Extract<BodyResult, { ok: false }>;

/**
 * A request's JSON body, read straight from the socket: the one body reader of every surface
 * before Next.js (lib/http/router.ts). Repeated headers are seen as repeated (Node itself keeps
 * only the first Content-Type).
 */
export async function readJsonObjectFromNode(req: IncomingMessage, maxBytes = MAX_JSON_BODY_BYTES, timeoutMs = BODY_TIMEOUT_MS): Promise<BodyResult> {
  const refused = checkHeaders(joinedHeader(req, "content-type"), joinedHeader(req, "content-length"), maxBytes);
  if (refused) return refused;
  const chunks = await new Promise<Uint8Array[] | Refusal>((resolve) => {
    const received: Uint8Array[] = [];
    let size = 0;
    // A body that has not arrived in time is answered 408 (the client is slow, not the database).
    const timer = setTimeout(() => {
      stop(tooSlow(timeoutMs));
      req.resume();
    }, timeoutMs);
    const stop = (result: Uint8Array[] | Refusal) => {
      clearTimeout(timer);
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        received.push(chunk);
        return;
      }
      received.length = 0;
      // Too large. The rest is read and dropped before the 413 goes out, so that a client still
      // sending gets the answer rather than a reset connection; past MAX_DRAINED_BYTES it is
      // answered at once (Node then closes the connection).
      if (size > maxBytes + MAX_DRAINED_BYTES) {
        stop(tooLarge(maxBytes));
        req.resume();
      }
    };
    const onEnd = () => stop(size > maxBytes ? tooLarge(maxBytes) : received);
    // The client went away mid-body: nobody reads the answer, and nothing is worth logging.
    const onError = () => stop({ ok: false, status: 400, message: "The request body was not received completely" });
    req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onError);
  });
  return Array.isArray(chunks) ? parseObject(chunks) : chunks;
}

/** Every value a header was sent with, joined as a fetch Headers object would. */
export function joinedHeader(req: IncomingMessage, name: string): string | null {
  const values = req.headersDistinct[name];
  return values ? values.join(", ") : null;
}

function checkHeaders(contentType: string | null, contentLength: string | null, maxBytes: number): Refusal | null {
  const type = contentType ?? "";
  // Two Content-Type headers arrive joined by a comma: ambiguous, so refused.
  if (type.includes(",")) return { ok: false, status: 400, message: "Send exactly one Content-Type header" };
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
    return { ok: false, status: 415, message: "Send the body as JSON with Content-Type: application/json" };
  }
  const declared = Number(contentLength);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  return null;
}

function parseObject(chunks: Uint8Array[]): BodyResult {
  const bytes = Buffer.concat(chunks);
  if (bytes.byteLength === 0) return { ok: false, status: 400, message: "The request body is empty: send a JSON object" };
  let text: string;
  let parsed: unknown;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, message: "The request body is not valid JSON" };
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: false, status: 400, message: "The request body must be a JSON object" };
  }
  // NUL and lone surrogates reach a JSON string only as \u escapes (raw NUL is no JSON, an encoded
  // surrogate no UTF-8): a body without "\u" is walked by nobody, so the key checks pay nothing.
  const fields = text.includes("\\u") ? unstorableFields(parsed as Record<string, unknown>) : [];
  if (fields.length > 0) return { ok: false, status: 400, message: `${UNSTORABLE_TEXT_MESSAGE}: ${fields.slice(0, 5).join(", ")}`, fields };
  return { ok: true, value: parsed as Record<string, unknown> };
}

function tooSlow(timeoutMs: number): Refusal {
  return { ok: false, status: 408, message: `The request body did not arrive within ${Math.round(timeoutMs / 1000)} s` };
}

function tooLarge(maxBytes: number): Refusal {
  return { ok: false, status: 413, message: `The request body is larger than ${maxBytes} bytes` };
}
