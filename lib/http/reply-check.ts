/**
 * Server-action arguments that React's reply decoder (react-server-dom-*-server: decodeReply,
 * decodeReplyFromBusboy, and decodeAction for a form's bound arguments) would throw on. Next.js
 * answers any such throw with a 500 and an error in its log; lib/http/action-guard.ts answers 400
 * instead, before the decoder runs.
 *
 * The format: the arguments are a set of parts. A model part holds JSON: a text/plain body is part
 * 0; in a multipart body, parts are the fields named by a number after a prefix ("" for a fetch
 * action, "$ACTION_<n>:" for a no-JavaScript form), 0 being the root, and "S<n>" fields are rows
 * of a stream. In a model, a string that starts with "$" is special: "$$…" is an escaped "$",
 * "$<hex>[:key…]" refers to part <hex> and a path of own properties inside it, "$@<hex>" is a
 * promise of a part, "$h"/"$Q"/"$W"/"$i" + a reference build a server function / Map / Set /
 * iterator from a part, "$B<hex>" and typed arrays ("$A", "$o", …) take a file field, "$R"/"$X"
 * (any case) open a stream, "$n" is a BigInt. Every other field ("_<id>_<name>" entries of a
 * FormData argument: what a person typed) is handed to the action as is and never decoded, so it
 * is not checked here.
 */
import { amplification, deepest, refProblem, type Body, type Part, type Seen } from "./reply-graph";
import { analyseModel, MAX_REPLY_DEPTH, MAX_REPLY_PARTS, MAX_REPLY_SLOTS, REPLY_PROBLEMS, type ReplyProblem } from "./reply-model";

export { MAX_REPLY_DEPTH, MAX_REPLY_PARTS, MAX_REPLY_SLOTS, REPLY_PROBLEMS, type ReplyProblem };



/**
 * How Next.js has a body decoded. `prefix`: of the fields that hold parts. `streamed`: fields are
 * decoded as they arrive (decodeReplyFromBusboy), so what the root needs must come before it.
 * `temporaryReferences`: the decoder is given a set to resolve "$T" with.
 */
export type ReplyReading = { prefix: string; streamed: boolean; temporaryReferences: boolean };
/** A fetch action's multipart body. */
export const FETCH_ACTION_FIELDS: ReplyReading = { prefix: "", streamed: true, temporaryReferences: true };
/** The bound arguments of a no-JavaScript form's action `$ACTION_REF_<n>`, decoded by decodeAction. */
export const formActionFields = (n: string): ReplyReading => ({ prefix: `$ACTION_${n}:`, streamed: false, temporaryReferences: false });

/** A text/plain body (React's encodeReply gave a string): the root alone. */
export function checkReplyText(text: string): ReplyProblem | null {
  return checkReplyFields([["0", text]], { prefix: "", streamed: false, temporaryReferences: true });
}

/** The fields of a multipart body, in the order they were sent. */
export function checkReplyFields(fields: Iterable<[string, FormDataEntryValue]>, reading: ReplyReading): ReplyProblem | null {
  const { prefix, streamed, temporaryReferences } = reading;
  const body: Body = { models: new Map(), blobs: new Map(), rootIndex: -1, streamed };
  const rows: { part: Part; id: number }[] = [];
  let index = 0;
  for (const [name, value] of fields) {
    index++;
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    if (typeof value !== "string") {
      if (!body.blobs.has(rest)) body.blobs.set(rest, index);
      continue;
    }
    const stream = rest[0] === "S";
    const digits = stream ? rest.slice(1) : rest;
    // Read as the decoder reads a name: while streaming, as `+digits` ("", " " and "00" are part 0).
    const id = Number(digits);
    if (!Number.isInteger(id) || (stream && digits === "")) continue;
    if (body.models.size + rows.length >= MAX_REPLY_PARTS) return REPLY_PROBLEMS.tooManyParts;
    // A stream's "C" row closes it, with a final value after the "C" or none.
    const text = stream && value[0] === "C" ? value.slice(1) : value;
    const model = stream && value === "C" ? { value: null, depth: 0, refs: [] } : analyseModel(text, MAX_REPLY_DEPTH, temporaryReferences && !stream);
    if (typeof model === "string") return REPLY_PROBLEMS[model];
    const part: Part = { ...model, index, size: text.length };
    if (stream) {
      rows.push({ part, id });
      continue;
    }
    if (!streamed && String(id) !== digits) continue; // looked up by its exact name: never found
    if (body.models.has(String(id))) {
      // Streaming, a second field for a part the decoder already holds makes it throw.
      if (streamed) return REPLY_PROBLEMS.duplicate;
      continue;
    }
    body.models.set(String(id), part);
    if (id === 0) body.rootIndex = index;
  }
  if (body.rootIndex === -1) return REPLY_PROBLEMS.noRoot;
  // Streaming, a row for an id that is a part (not a stream) makes the decoder throw.
  if (streamed && rows.some(({ id }) => body.models.has(String(id)))) return REPLY_PROBLEMS.duplicate;
  const seen: Seen = { freshIds: new Set(), consumed: new Set() };
  for (const part of [...body.models.values(), ...rows.map((r) => r.part)]) {
    for (const ref of part.refs) {
      const problem = refProblem(body, ref, seen);
      if (problem) return problem;
    }
  }
  const memo = new Map<string, number>();
  for (const key of body.models.keys()) {
    if (deepest(body, key, MAX_REPLY_DEPTH, new Set(), memo) > MAX_REPLY_DEPTH) return REPLY_PROBLEMS.tooDeep;
  }
  for (const part of [body.models.get("0")!, ...rows.map((r) => r.part)]) {
    if (amplification(body, part, MAX_REPLY_SLOTS)) return REPLY_PROBLEMS.amplified;
  }
  return null;
}

