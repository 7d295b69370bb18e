import { MAX_REPLY_DEPTH, referenceIn, REPLY_PROBLEMS, type Model, type ReplyProblem, type Ref } from "./reply-model";

/**
 * How the parts of a React reply (reply-check.ts) refer to one another, and what the decoder makes
 * of it: whether each reference finds what it names, how deep reviving recurses, and how much a
 * list holds once references are followed.
 */
export type Part = Model & { index: number; size: number };
export type Body = {
  models: Map<string, Part>;
  blobs: Map<string, number>;
  rootIndex: number;
  /** decodeReplyFromBusboy reads fields as they arrive: the root is revived the moment it arrives. */
  streamed: boolean;
};

export type Seen = { freshIds: Set<number>; consumed: Set<unknown> };
type Found = { value: unknown } | "missing" | "unknown";

export function refProblem(body: Body, ref: Ref, seen: Seen): ReplyProblem | null {
  const key = String(ref.id);
  // Streaming, the root is revived the moment it arrives: what it needs must have arrived by then.
  const before = (index: number | undefined) => index !== undefined && (!body.streamed || index <= body.rootIndex);
  switch (ref.kind) {
    case "promise":
      return body.models.has(key) ? null : REPLY_PROBLEMS.dangling;
    case "blob":
      return before(body.blobs.get(key)) ? null : REPLY_PROBLEMS.dangling;
    case "typed":
    case "stream":
      // Both claim a new part id; the decoder throws when that id is already in use.
      if (seen.freshIds.has(ref.id) || body.models.has(key)) return REPLY_PROBLEMS.dangling;
      seen.freshIds.add(ref.id);
      return ref.kind === "stream" || before(body.blobs.get(key)) ? null : REPLY_PROBLEMS.dangling;
    case "model": {
      if (!before(body.models.get(key)?.index)) return REPLY_PROBLEMS.dangling;
      const found = follow(body, valueAt(body, ref.id, ref.path, 0), 0);
      if (found === "missing") return REPLY_PROBLEMS.dangling;
      if (found === "unknown" || ref.build === "" || ref.build === "h") return null;
      return collectionProblem(ref.build, found.value, seen);
    }
  }
}

/**
 * A Map, Set or iterator is built from a list, once ("Already initialized Map" otherwise); a Map's
 * entries are lists or objects. React's client writes a Map as a part of [key, value] lists.
 */
function collectionProblem(build: "Q" | "W" | "i", value: unknown, seen: Seen): ReplyProblem | null {
  if (!Array.isArray(value) || seen.consumed.has(value)) return REPLY_PROBLEMS.badCollection;
  seen.consumed.add(value);
  if (build === "Q" && value.some((entry) => entry === null || typeof entry !== "object")) return REPLY_PROBLEMS.badCollection;
  return null;
}

/**
 * The value at `path` inside part `id`, as the decoder walks it: each step must be an own property
 * of a plain object or array; a reference on the way is followed.
 */
function valueAt(body: Body, id: number, path: string[], hops: number): Found {
  const part = body.models.get(String(id));
  if (!part) return "missing";
  let found: Found = { value: part.value };
  for (const segment of path) {
    found = follow(body, found, hops);
    if (typeof found === "string") return found;
    const { value } = found;
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) return "missing";
    found = { value: (value as Record<string, unknown>)[segment] };
  }
  return found;
}

/**
 * What a value becomes once revived, where that matters: a plain reference is followed to what it
 * refers to; anything else special (a Map, a Date, a promise, a file…) is "missing", being no plain
 * object or list. "unknown" where only the decoder can tell (a temporary reference, too many hops).
 */
function follow(body: Body, found: Found, hops: number): Found {
  if (typeof found === "string") return found;
  const { value } = found;
  if (typeof value !== "string" || value[0] !== "$" || value[1] === "$") return found;
  if (value === "$T" || hops >= MAX_REPLY_DEPTH) return "unknown";
  const ref = referenceIn(value, 0);
  if (ref === null || typeof ref === "string") return found; // "$undefined", "$D…": not an object either
  if (ref.kind !== "model" || ref.build !== "") return "missing";
  return follow(body, valueAt(body, ref.id, ref.path, hops + 1), hops + 1);
}

/** How deep the decoder recurses from part `key`: its own nesting, plus one per reference it follows. */
export function deepest(body: Body, key: string, budget: number, onStack: Set<string>, memo: Map<string, number>): number {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const part = body.models.get(key);
  // A part being revived is waited for, not entered again: a cycle adds no depth.
  if (!part || onStack.has(key)) return 0;
  if (budget < 0) return Infinity;
  onStack.add(key);
  let best = part.depth;
  for (const ref of part.refs) {
    if (ref.kind !== "model") continue;
    best = Math.max(best, ref.depth + 1 + deepest(body, String(ref.id), budget - ref.depth - 1, onStack, memo));
    if (best > MAX_REPLY_DEPTH) break;
  }
  onStack.delete(key);
  if (best <= MAX_REPLY_DEPTH) memo.set(key, best);
  return best;
}

/**
 * Whether following references makes `part` hold more than `limit` list items and characters, the
 * decoder's "Maximum array nesting exceeded": it counts a reference to a string by its length and
 * one to a list by what that list holds (a reference to an object, by nothing). Counted from above,
 * a list by the JSON length of its whole part plus what that part's references hold. Only
 * repetition counts: a body whose parts are each referred to once (all React's client sends)
 * holds what it is, and Next.js's 1 MB limit covers that.
 */
export function amplification(body: Body, part: Part, limit: number): boolean {
  const weights = new Map<Part, number>();
  const weigh = (p: Part, onStack: Set<Part>): number => {
    const known = weights.get(p);
    if (known !== undefined) return known;
    if (onStack.has(p)) return 0;
    onStack.add(p);
    let total = p.size;
    for (const ref of p.refs) {
      if (ref.kind !== "model") continue;
      const target = body.models.get(String(ref.id));
      if (!target) continue;
      const found = follow(body, valueAt(body, ref.id, ref.path, 0), 0);
      const value = typeof found === "string" ? [] : found.value;
      if (typeof value === "string") total += value.length;
      else if (Array.isArray(value)) total += weigh(target, onStack);
      if (total > limit) break;
    }
    onStack.delete(p);
    weights.set(p, total);
    return total;
  };
  if (weigh(part, new Set()) <= limit) return false;
  // Each part reached, once: what the body holds without repetition.
  const reached = new Set<Part>([part]);
  for (const p of reached) {
    for (const ref of p.refs) {
      const target = ref.kind === "model" ? body.models.get(String(ref.id)) : undefined;
      if (target) reached.add(target);
    }
  }
  const once = [...reached].reduce((sum, p) => sum + p.size, 0);
  return weights.get(part)! > once;
}
