import type { IncomingMessage, ServerResponse } from "node:http";
import { MIMEType } from "node:util";
import { PHASE_PRODUCTION_SERVER } from "next/constants";
import { describeError } from "@/lib/errors";
import nextConfig from "@/next.config";
import { originProblem } from "./action-origin";
import { bufferBody, MAX_DRAINED_BYTES } from "./buffered-body";
import { bodyTimeoutMs } from "./json-body";
import { checkReplyFields, checkReplyText, FETCH_ACTION_FIELDS, formActionFields } from "./reply-check";

const serverActions = nextConfig(PHASE_PRODUCTION_SERVER).experimental?.serverActions;
const ALLOWED_ORIGINS = serverActions?.allowedOrigins ?? [];
/** Next's default `serverActions.bodySizeLimit` (1 MB); this app does not change it. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
if (serverActions?.bodySizeLimit !== undefined) {
  throw new Error("next.config.ts sets serverActions.bodySizeLimit: make lib/http/action-guard.ts use the same limit");
}
const BODY_TIMEOUT_MS = bodyTimeoutMs();
const UNREADABLE_FORM = "The form data could not be read";
const MPA_ACTION_REF = /^\$ACTION_REF_(.*)$/;

type Refusal = { status: 400 | 403 | 408 | 413 | 415 | 500; msg: string };
type Shape = "text" | "multipart";

/**
 * Server-action posts, checked before Next.js sees them (server.ts hands every request for
 * Next.js through here). Next.js treats as a possible server action every POST with a
 * `Next-Action` header (a fetch action: the body is React's encodeReply, text/plain JSON or
 * multipart) and every multipart POST (a no-JavaScript form, whose `$ACTION_…` fields name the
 * action). Malformed ones reach React's decoder or Next's own checks, which throw: a 500 and an
 * error in the log, though nothing changed. Here they get a 4xx `{msg, code}` and no log line:
 * 403 for a missing or foreign Origin, 415 for a content type Next would misread, 413 over
 * Next's body size limit, 408 for a body that does not arrive, 400 for a body the decoder would
 * throw on (lib/http/reply-check.ts). Anything else, and every valid action, goes on unchanged:
 * the body read here is put back into the request stream for Next.js to read.
 *
 * Why all of it, with the ~350 lines of reply-*.ts that mirror React's decoder: measured on Next.js
 * 16.4.6 (React 19.3.0-canary-278794d7) without this guard, Next.js turns none of these posts into a
 * 4xx. Each malformed body, a body over 1 MB (its 413 becomes a 500 for a fetch action), a foreign
 * or unreadable Origin and an unreadable multipart body get a 500 and an error with its stack in
 * the log; posts without Origin or as application/json run (200). reply-check.test.ts pins those
 * versions and how the decoder fails on each body, so an upgrade that changes them fails there:
 * then measure again (docs/security.md) and delete what Next.js now answers itself.
 */
export function guardServerActions(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (req.method !== "POST") return next();
  const fetchAction = req.headers["next-action"] !== undefined;
  // Next.js's own test (case-sensitive, like its `startsWith`).
  const multipart = (req.headers["content-type"] ?? "").startsWith("multipart/form-data");
  if (!fetchAction && !multipart) return next();

  const origin = originProblem(req, ALLOWED_ORIGINS);
  const shape = fetchAction ? shapeOf(req) : "multipart";
  const early: Refusal | null = origin ? { status: 403, msg: origin } : typeof shape === "string" ? null : shape;
  const declared = Number(req.headers["content-length"]);
  if (declared > MAX_ACTION_BODY_BYTES + MAX_DRAINED_BYTES) return refuse(res, early ?? tooLarge(), true);

  void bufferBody(req, MAX_ACTION_BODY_BYTES, early === null, BODY_TIMEOUT_MS).then(async (read) => {
    if (read.kind === "gone") return refuse(res, { status: 400, msg: "The request body was not received completely" }, true);
    if (read.kind === "slow") return refuse(res, { status: 408, msg: `The request body did not arrive within ${BODY_TIMEOUT_MS / 1000} s` }, true);
    const complete = read.kind === "read" || read.complete;
    if (early) return refuse(res, early, !complete);
    if (read.kind === "tooLarge") return refuse(res, tooLarge(), !complete);
    const problem = await bodyProblem(req, read.body, shape as Shape, fetchAction);
    if (problem) return refuse(res, { status: 400, msg: problem }, false);
    req.unshift(read.body);
    next();
  }).catch((error: unknown) => {
    // A defect here, not bad input: logged, and the request is not handed on half-read.
    console.error(`[action-guard] ${describeError(error)}`);
    if (!res.headersSent) refuse(res, { status: 500, msg: "The request could not be checked" }, true);
  });
}

/** The two bodies React's client sends for a fetch action; Next.js reads anything else as text. */
function shapeOf(req: IncomingMessage): Shape | Refusal {
  const types = req.headersDistinct["content-type"] ?? [];
  if (types.length > 1) return { status: 400, msg: "Send exactly one Content-Type header" };
  const type = types[0] ?? "";
  if (type.startsWith("multipart/form-data")) return "multipart";
  let mime: MIMEType | null = null;
  try {
    mime = new MIMEType(type);
  } catch {
    // not a media type at all
  }
  const charset = mime?.params.get("charset")?.toLowerCase();
  if (mime?.essence === "text/plain" && (charset === undefined || charset === "utf-8")) return "text";
  return { status: 415, msg: "Send a server action as text/plain;charset=UTF-8 or multipart/form-data" };
}

async function bodyProblem(req: IncomingMessage, body: Buffer, shape: Shape, fetchAction: boolean): Promise<string | null> {
  // Next.js decodes a text body as UTF-8 (invalid bytes become U+FFFD), then hands it to the decoder.
  if (shape === "text") return checkReplyText(body.toString("utf8"));
  let fields: [string, FormDataEntryValue][];
  try {
    const form = await new Response(new Uint8Array(body), { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
    fields = [...form.entries()];
  } catch {
    return UNREADABLE_FORM;
  }
  // A fetch action's fields are decoded as they stream in; a form's bound arguments ($ACTION_REF_n,
  // then $ACTION_n:0, …) from the whole form at once. A multipart POST with neither is no action.
  if (fetchAction) return checkReplyFields(fields, FETCH_ACTION_FIELDS);
  for (const [name] of fields) {
    const ref = MPA_ACTION_REF.exec(name);
    const problem = ref ? checkReplyFields(fields, formActionFields(ref[1]!)) : null;
    if (problem) return problem;
  }
  return null;
}

function tooLarge(): Refusal {
  return { status: 413, msg: `A server action's body may hold at most ${MAX_ACTION_BODY_BYTES} bytes` };
}

/** `close`: the body was not read to its end, so the connection cannot carry another request. */
function refuse(res: ServerResponse, { status, msg }: Refusal, close: boolean): void {
  const body = JSON.stringify({ msg, code: status });
  res
    .writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...(close ? { connection: "close" } : {}),
    })
    .end(body);
}
