// One model part of a React reply (see reply-check.ts): parsed, measured and its references
// collected, without recursion (a body may nest arrays hundreds of thousands deep); and the
// bounds and problems the check uses.

/** Deeper than any argument this app sends (about 4); far below a stack overflow (~10,000). */
export const MAX_REPLY_DEPTH = 64;
/** Model parts and stream rows per body; the app's forms send one. */
export const MAX_REPLY_PARTS = 1000;
/** The decoder's own limit on list items and characters a list holds through references. */
export const MAX_REPLY_SLOTS = 1_000_000;

export const REPLY_PROBLEMS = {
  noRoot: "The request has no action arguments",
  tooManyParts: `The action's arguments have more than ${MAX_REPLY_PARTS} parts`,
  notJson: "The action's arguments are not valid JSON",
  tooDeep: `The action's arguments are nested more than ${MAX_REPLY_DEPTH} levels deep`,
  prototype: "The action's arguments refer to __proto__, constructor or prototype",
  dangling: "The action's arguments refer to something the request does not hold",
  duplicate: "The action's arguments hold the same part twice",
  badCollection: "The action's arguments build a Map, Set or iterator from something that is not a list of its own",
  amplified: `The action's arguments repeat references to more than ${MAX_REPLY_SLOTS} items`,
  badNumber: "The action's arguments hold an invalid number",
  temporary: "The action's arguments hold a temporary reference where none can be",
} as const;
export type ReplyProblem = (typeof REPLY_PROBLEMS)[keyof typeof REPLY_PROBLEMS];

export type Ref =
  /** `build`: "$Q" a Map, "$W" a Set, "$i" an iterator, "$h" a server function, made from the value. */
  | { kind: "model"; id: number; path: string[]; depth: number; build: "" | "h" | "Q" | "W" | "i" }
  | { kind: "promise" | "blob" | "typed" | "stream"; id: number; depth: number };

export type Model = { value: unknown; depth: number; refs: Ref[] };
export type ModelProblem = "notJson" | "tooDeep" | "prototype" | "badNumber" | "temporary";

// Property names that lead to an object's prototype. The decoder refuses them in a path itself,
// by throwing, which Next.js answers with a 500.
const UNSAFE_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);
// "$" + one of these letters: typed arrays and DataView over a file field.
const TYPED = new Set("AOoUSsLlGgMmV");
// "$" + one of these: values that refer to nothing ("$undefined", "$Infinity", "$-0", dates, …).
const PLAIN = new Set("$HTKIuN-D");
const STREAMS = new Set("RrXx");
// Strings the decoder hands to BigInt(); it caps them at 300 digits.
const BIGINT = /^-?\d{1,300}$/;

/**
 * `temporaryReferences`: whether the decoder can resolve "$T" here (a fetch action's part; not a
 * form's bound arguments or a stream row). It still cannot under an object key holding ":".
 */
export function analyseModel(text: string, maxDepth: number, temporaryReferences: boolean): Model | ModelProblem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "notJson";
  }
  const refs: Ref[] = [];
  let deepestSeen = 0;
  const pending: [unknown, number, boolean][] = [[value, 0, temporaryReferences]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth, temporaryOk] = next;
    if (typeof item === "string") {
      if (item === "$T" && !temporaryOk) return "temporary";
      const found = referenceIn(item, depth);
      if (typeof found === "string") return found;
      if (found) refs.push(found);
    } else if (item !== null && typeof item === "object") {
      if (depth + 1 > maxDepth) return "tooDeep";
      deepestSeen = Math.max(deepestSeen, depth + 1);
      if (Array.isArray(item)) for (const child of item) pending.push([child, depth + 1, temporaryOk]);
      else for (const [key, child] of Object.entries(item)) pending.push([child, depth + 1, temporaryOk && !key.includes(":")]);
    }
  }
  return { value, depth: deepestSeen, refs };
}

/**
 * What a string of a model means to the decoder: a reference (to a part, a promise of one, a file,
 * a new typed array or stream), a problem the decoder throws on, or null for a plain value.
 */
export function referenceIn(text: string, depth: number): Ref | ModelProblem | null {
  if (text[0] !== "$") return null;
  const tag = text[1] ?? "";
  if (PLAIN.has(tag)) return null;
  if (tag === "n") return BIGINT.test(text.slice(2)) ? null : "badNumber";
  const id = parseInt(text.slice(2), 16);
  if (tag === "@") return { kind: "promise", id, depth };
  if (tag === "B") return { kind: "blob", id, depth };
  if (TYPED.has(tag)) return { kind: "typed", id, depth };
  if (STREAMS.has(tag)) return { kind: "stream", id, depth };
  // "$h", "$Q", "$W", "$i" + reference, or a bare reference "$<hex>[:key…]"; like the decoder,
  // anything else after "$" is read as a bare reference (and then refers to nothing).
  const build = tag === "h" || tag === "Q" || tag === "W" || tag === "i" ? tag : "";
  const [head = "", ...path] = text.slice(build ? 2 : 1).split(":");
  if (path.some((segment) => UNSAFE_SEGMENTS.has(segment))) return "prototype";
  return { kind: "model", id: parseInt(head, 16), path, depth, build };
}
