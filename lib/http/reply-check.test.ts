// lib/http/reply-check.ts against React's own decoder (tests/support/react-reply-decoder.cjs: the
// copy Next.js's runtime bundles and `npm start` runs): what the check lets through must decode,
// bodies React's client really sends must pass, and each malformed body the check refuses is one
// the decoder throws on (a 500 from Next.js), in the way pinned below.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkReplyFields, checkReplyText, FETCH_ACTION_FIELDS, formActionFields, MAX_REPLY_DEPTH, REPLY_PROBLEMS, type ReplyProblem } from "./reply-check";

type Value = string | { file: string };
type Case = { text: string } | { fields: [string, Value][]; prefix?: string };

const ROOT = path.resolve(import.meta.dirname, "../..");
const client = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-turbopack/client.node.js") as {
  encodeReply: (value: unknown) => Promise<string | FormData>;
};

/** What React's decoder does with each case: "ok" or "throws: …"; and the React it is part of. */
function decodedWith(cases: Case[]): { react: string; outcomes: string[] } {
  const run = spawnSync(process.execPath, ["tests/support/react-reply-decoder.cjs"], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`the decoder harness failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { react: string; outcomes: string[] };
}
const decoded = (cases: Case[]): string[] => decodedWith(cases).outcomes;

/**
 * The Next.js and React that the check mirrors, and against which docs/security.md ("Server-action
 * posts") measured that Next.js answers each malformed body below with a 500. After an upgrade:
 * post those bodies to `npm start` without the guard again, delete the checks whose bodies Next.js
 * now answers with a 4xx (or React now decodes), fix the pinned messages, then these versions.
 */
const MIRRORED = { next: "16.4.6", react: "19.3.0-canary-278794d7-20261002" };

describe("the decoder the check mirrors", () => {
  it(`is React ${MIRRORED.react} in Next.js ${MIRRORED.next}`, () => {
    const next = (createRequire(import.meta.url)("next/package.json") as { version: string }).version;
    expect({ next, react: decodedWith([]).react }, "Next.js or its React changed: see MIRRORED above").toEqual(MIRRORED);
  });
});

function checked(c: Case): ReplyProblem | null {
  if ("text" in c) return checkReplyText(c.text);
  const entries = c.fields.map(([name, value]): [string, FormDataEntryValue] => [name, typeof value === "string" ? value : new File([value.file], "f")]);
  return checkReplyFields(entries, c.prefix === undefined ? FETCH_ACTION_FIELDS : formActionFields(/^\$ACTION_(.*):$/.exec(c.prefix)![1]!));
}

async function encoded(value: unknown): Promise<Case> {
  const out = await client.encodeReply(value);
  if (typeof out === "string") return { text: out };
  const fields: [string, Value][] = [];
  for (const [name, v] of out.entries()) fields.push([name, typeof v === "string" ? v : { file: await v.text() }]);
  return { fields };
}

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};
const nested = (depth: number): unknown => (depth === 0 ? "leaf" : [nested(depth - 1)]);

describe("what React's client sends passes, and decodes", () => {
  const values: [string, () => unknown][] = [
    ["a dialog's form, first submit", () => [null, form([["name", "team-a"], ["description", ""], ["workspaceIds", "a"], ["workspaceIds", "b"]])]],
    ["a form after a refusal, echoing what was typed", () => [{ ok: false, message: "m", fieldErrors: { name: ["x"] }, values: { name: "$1:__proto__:then" } }, form([["name", "$1:__proto__:then"], ["d", "{not json"]])]],
    ["plain JSON arguments (a text/plain body)", () => [null, { name: "a", list: [1, "two", true, null] }]],
    ["strings that look like references", () => ["$1:constructor", "$", "$$", "$@1", "$Q1"]],
    ["Map, Set, Date, BigInt, undefined, Infinity, NaN, -0", () => { const shared = { a: 1 }; return [new Map([[1, shared]]), shared, new Set(["x"]), new Date(0), 12n, undefined, Infinity, NaN, -0]; }],
    ["a cycle and a shared object", () => { const o: Record<string, unknown> = { n: 1 }; o.self = o; return [o, { again: o }]; }],
    [`arrays nested ${MAX_REPLY_DEPTH - 2} deep`, () => [nested(MAX_REPLY_DEPTH - 2)]],
    ["a Uint8Array and a Blob", () => [new Uint8Array([1, 2, 3]), new Blob(["abc"])]],
    ["a promise", () => [Promise.resolve({ x: 1 })]],
    ["a 900,000-character string, once", () => [null, { text: "y".repeat(900_000) }]],
    ["one object referred to from 100 places", () => { const shared = { s: "z".repeat(1000) }; return [Array.from({ length: 100 }, () => shared)]; }],
    ["a Map whose 300 entries share a 5,000-character object", () => { const shared = { s: "z".repeat(5000) }; return [shared, new Map(Array.from({ length: 300 }, (_, i) => [i, shared]))]; }],
    ["a stream and an async iterable", () => [new ReadableStream({ start: (c) => { c.enqueue("a"); c.enqueue({ b: 1 }); c.close(); } }), (async function* () { yield 1; yield "two"; })()]],
  ];
  it.each(values)("%s", async (_name, value) => {
    const c = await encoded(value());
    expect(checked(c)).toBeNull();
    expect(decoded([c])).toEqual(["ok"]);
  });
});

/** Parts 1…n-1, each a list holding a reference to the next, sent before the root, which refers to part 1. */
const chain = (n: number): [string, Value][] => [
  ...Array.from({ length: n - 1 }, (_, i): [string, Value] => {
    const k = n - 1 - i;
    return [String(k), k === n - 1 ? '["end"]' : JSON.stringify([`$${(k + 1).toString(16)}`])];
  }),
  ["0", '["$1"]'],
];
/**
 * Each malformed body, the check's answer, and how the decoder Next.js runs fails on it (the start
 * of its message): pinned, so that a React upgrade that changes any of them fails here.
 */
const malformed: [string, Case, ReplyProblem, string][] = [
  ["arrays 50,000 deep (text)", { text: `${"[".repeat(50_000)}${"]".repeat(50_000)}` }, REPLY_PROBLEMS.tooDeep, "Maximum call stack size exceeded"],
  ["arrays 50,000 deep (multipart)", { fields: [["0", `${"[".repeat(50_000)}${"]".repeat(50_000)}`]] }, REPLY_PROBLEMS.tooDeep, "Maximum call stack size exceeded"],
  ["1,000 parts, each referring to the next", { fields: chain(1000) }, REPLY_PROBLEMS.tooDeep, "Maximum call stack size exceeded"],
  ["$1:__proto__:then (text)", { text: '["$1:__proto__:then"]' }, REPLY_PROBLEMS.prototype, "Connection closed."],
  ["$1:__proto__:then (multipart)", { fields: [["1", "{}"], ["0", '["$1:__proto__:then"]']] }, REPLY_PROBLEMS.prototype, "Invalid reference."],
  ["$1:constructor:prototype", { fields: [["1", "{}"], ["0", '["$1:constructor:prototype"]']] }, REPLY_PROBLEMS.prototype, "Invalid reference."],
  ["$Q1:__proto__", { fields: [["1", "[]"], ["0", '["$Q1:__proto__"]']] }, REPLY_PROBLEMS.prototype, "Invalid reference."],
  ["not JSON", { text: "{not json" }, REPLY_PROBLEMS.notJson, "Expected property name or '}' in JSON at position 1"],
  ["an empty body", { text: "" }, REPLY_PROBLEMS.notJson, "Unexpected end of JSON input"],
  ["a part that is not JSON", { fields: [["1", "{x"], ["0", '["$1"]']] }, REPLY_PROBLEMS.notJson, "Expected property name or '}' in JSON at position 1"],
  ["no root part", { fields: [["1", "{}"]] }, REPLY_PROBLEMS.noRoot, "Connection closed."],
  ["a reference to a missing part", { text: '[null, "$5"]' }, REPLY_PROBLEMS.dangling, "Connection closed."],
  ["a path that does not resolve", { text: '[null, "$0:nope"]' }, REPLY_PROBLEMS.dangling, "Invalid reference."],
  ["a path through a Map", { fields: [["1", "[[1, 2]]"], ["0", '["$Q1", "$0:0:size"]']] }, REPLY_PROBLEMS.dangling, "Invalid reference."],
  ["a part sent after the root that refers to it", { fields: [["0", '["$1"]'], ["1", "{}"]] }, REPLY_PROBLEMS.dangling, "Invalid forward reference."],
  ["a missing file", { text: '["$B9"]' }, REPLY_PROBLEMS.dangling, "Referenced Blob is not a Blob."],
  ["a typed array over a missing file", { text: '["$o3"]' }, REPLY_PROBLEMS.dangling, "Cannot read properties of undefined (reading 'arrayBuffer')"],
  ["a stream over the root's id", { text: '["$R0"]' }, REPLY_PROBLEMS.dangling, "Already initialized stream."],
  ["the root twice", { fields: [["0", "[]"], ["0", "[]"]] }, REPLY_PROBLEMS.duplicate, "t.enqueueModel is not a function"],
  ["a bad BigInt", { text: '["$nxyz"]' }, REPLY_PROBLEMS.badNumber, "Cannot convert xyz to a BigInt"],
  ["a 400,000-character string referred to three times", { fields: [["1", JSON.stringify("x".repeat(400_000))], ["0", '["$1", "$1", "$1"]']] }, REPLY_PROBLEMS.amplified, "Maximum array nesting exceeded."],
  ["a Map built twice from one list", { fields: [["1", "[]"], ["0", '["$Q1", "$Q1"]']] }, REPLY_PROBLEMS.badCollection, "Already initialized Map."],
  ["a Map of numbers", { fields: [["1", "[1, 2]"], ["0", '["$Q1"]']] }, REPLY_PROBLEMS.badCollection, "Iterator value 1 is not an entry object"],
  ["a temporary reference in a form's bound arguments", { fields: [["$ACTION_1:1", '["$T"]'], ["$ACTION_1:0", '{"id":"x","bound":"$@1"}']], prefix: "$ACTION_1:" }, REPLY_PROBLEMS.temporary, "Could not reference an opaque temporary reference."],
  ["a form's bound arguments 50,000 deep", { fields: [["$ACTION_REF_1", ""], ["$ACTION_1:0", '{"id":"x","bound":"$@1"}'], ["$ACTION_1:1", `${"[".repeat(50_000)}${"]".repeat(50_000)}`]], prefix: "$ACTION_1:" }, REPLY_PROBLEMS.tooDeep, "Maximum call stack size exceeded"],
  ["a form's bound arguments with $2:__proto__", { fields: [["$ACTION_1:2", "{}"], ["$ACTION_1:1", '["$2:__proto__:then"]'], ["$ACTION_1:0", '{"id":"x","bound":"$@1"}']], prefix: "$ACTION_1:" }, REPLY_PROBLEMS.prototype, "Invalid reference."],
];

describe("malformed bodies are refused, and each is one the decoder throws on", () => {
  const outcomes = decoded(malformed.map(([, c]) => c));
  it.each(malformed.map(([name, c, problem, thrown], i) => [name, c, problem, thrown, outcomes[i]!] as const))("%s", (_name, c, problem, thrown, outcome) => {
    expect(checked(c)).toBe(problem);
    expect(outcome.startsWith(`throws: ${thrown}`), outcome).toBe(true);
  });
});

// Bodies built from the decoder's vocabulary: references to parts that exist or not, with paths,
// promises, Maps, Sets, iterators, files, typed arrays, streams, in any field order.
const special = fc.oneof(
  fc.tuple(fc.constantFrom("", "@", "Q", "W", "i", "B", "o", "R", "X"), fc.nat({ max: 4 }), fc.array(fc.constantFrom("0", "1", "a", "length", "__proto__"), { maxLength: 2 }))
    .map(([tag, id, p]) => `$${tag}${id.toString(16)}${tag === "" || "QWi".includes(tag) ? p.map((s) => `:${s}`).join("") : ""}`),
  fc.constantFrom("$undefined", "$$x", "$D2020-01-01", "$n12", "$nab", "$Infinity", "$K1", "$T", "$", "plain"),
);
const modelJson = fc.jsonValue({ maxDepth: 3 }).chain((v) => fc.array(special, { minLength: 1, maxLength: 4 }).map((refs) => JSON.stringify([v, ...refs, { a: refs[0], "0": [refs.at(-1)], "b:c": refs[1] ?? null }])));
const fuzzed: fc.Arbitrary<Case> = fc.oneof(
  modelJson.map((text) => ({ text })),
  fc
    .tuple(fc.uniqueArray(fc.nat({ max: 4 }), { minLength: 1, maxLength: 4 }), fc.array(modelJson, { minLength: 4, maxLength: 4 }), fc.subarray(["1", "2", "3"]), fc.boolean())
    .map(([ids, texts, files, form]) => {
      const fields: [string, Value][] = [...ids.map((id, i): [string, Value] => [String(id), texts[i]!]), ...files.map((id): [string, Value] => [id, { file: "bytes" }])];
      return form ? { fields: fields.map(([n, v]): [string, Value] => [`$ACTION_1:${n}`, v]), prefix: "$ACTION_1:" } : { fields };
    }),
);

describe("generated bodies: whatever the check lets through, the decoder decodes", () => {
  const cases = [20261201, 7, 99].flatMap((seed) => fc.sample(fuzzed, { numRuns: 700, seed }));
  const outcomes = decoded(cases);
  it(`${cases.length} bodies`, () => {
    const passedButThrew = cases.map((c, i) => ({ c, outcome: outcomes[i]! })).filter(({ c, outcome }) => checked(c) === null && outcome !== "ok");
    expect(passedButThrew.slice(0, 3)).toEqual([]);
    // Not only refusals: the generator reaches bodies that decode.
    expect(cases.filter((c) => checked(c) === null).length).toBeGreaterThan(30);
  });
});
