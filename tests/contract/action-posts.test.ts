// Malformed server-action posts (issue 10, "Hardening II"), over real HTTP against `npm start`, to
// the Workspaces page with the real id of its Create workspace action, so that each reaches Next.js's
// action handler and React's decoder as a browser's post would. Before lib/http/action-guard.ts
// each was a 500 with an error in the log; now each is a 4xx {msg, code}, the log stays quiet and
// nothing changes. Valid posts (multipart as the dialog sends, text/plain, behind a proxy) still
// create the workspace.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { administrators } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import { brief, expectOpikError, send, sendRaw, type RawRequest, type Reply } from "../support/contract-http";
import { startContractServer, type ContractServer } from "../support/contract-server";
import { actionId, signInForCookie } from "../support/dashboard-http";

const ADMIN = { email: "action-posts@example.test", password: "action posts password 123" };
const PAGE = "/admin/workspaces";
const CREATE_WORKSPACE = actionId("lib/actions/workspaces.ts", "createWorkspace");

let server: ContractServer<null>;
let cookie = "";

async function seed(db: Db): Promise<null> {
  await db.insert(administrators).values({ email: ADMIN.email, name: "Action Posts", role: "admin", passwordHash: await hashPassword(ADMIN.password) });
  return null;
}

beforeAll(async () => {
  server = await startContractServer(seed);
  cookie = await signInForCookie(server.baseUrl, ADMIN);
});
afterAll(async () => {
  await server?.dispose();
});

type Headers = [string, string][];
const origin = () => server.baseUrl;
const TEXT = "text/plain;charset=UTF-8";
/** A post of the Create workspace action; `headers` replace the defaults of the same name ("" drops one). */
function post(body: string | Buffer | undefined, headers: Headers = [], extra: Partial<RawRequest> = {}): RawRequest {
  const given = new Map(headers.map(([k, v]) => [k.toLowerCase(), v]));
  const all: Headers = [["next-action", CREATE_WORKSPACE], ["origin", origin()], ["content-type", TEXT], ["accept", "text/x-component"]];
  const merged = [...all.filter(([k]) => !given.has(k)), ...headers].filter(([, v]) => v !== "");
  return { method: "POST", path: PAGE, headers: merged, body, ...extra };
}
/** A multipart/form-data post with these string fields, in this order, as a browser encodes them. */
const form = (fields: [string, string][], headers: Headers = []) => {
  const boundary = "----WebKitFormBoundaryC0ntract7est";
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return post(Buffer.from(`${parts.join("")}--${boundary}--\r\n`), [["content-type", `multipart/form-data; boundary=${boundary}`], ...headers]);
};
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const chunked = (data: Buffer) => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n0\r\n\r\n")]);
const big = (n: number) => JSON.stringify([null, { name: "x".repeat(n) }]);
/** A no-JavaScript form's post: no Next-Action header, the action and its bound arguments in $ACTION_ fields. */
const mpa = (bound: string) =>
  form([["$ACTION_REF_1", ""], ["$ACTION_1:0", JSON.stringify({ id: CREATE_WORKSPACE, bound: "$@1" })], ["$ACTION_1:1", bound], ["$ACTION_KEY", "k0"]], [["next-action", ""]]);

const malformed: [string, () => RawRequest, number][] = [
  ["a text body over 1 MB", () => post(big(1_100_000)), 413],
  ["a text body over 1 MB, chunked (no Content-Length)", () => post(chunked(Buffer.from(big(1_100_000))), [["transfer-encoding", "chunked"]], { noContentLength: true }), 413],
  ["a multipart body of 1.5 MB", () => form([["_1_name", "x".repeat(1_500_000)], ["0", '[null,"$K1"]']]), 413],
  ["arrays nested 50,000 deep (text)", () => post(deep(50_000)), 400],
  ["arrays nested 50,000 deep (multipart)", () => form([["0", deep(50_000)]]), 400],
  ["$1:__proto__:then (text)", () => post('["$1:__proto__:then"]'), 400],
  ["$1:__proto__:then (multipart, part 1 sent)", () => form([["1", "{}"], ["0", '["$1:__proto__:then"]']]), 400],
  ["$1:constructor:prototype", () => form([["1", "{}"], ["0", '[null, "$1:constructor:prototype"]']]), 400],
  ["a path that does not resolve", () => post('[null, "$0:nope"]'), 400],
  ["a reference to a part sent after the root", () => form([["0", '[null, "$1"]'], ["1", "{}"]]), 400],
  ["no root part", () => form([["1", "{}"]]), 400],
  ["a multipart body cut off after its first boundary", () => post("--xyz\r\ngarbage", [["content-type", "multipart/form-data; boundary=xyz"]]), 400],
  ["a BigInt that is not a number", () => post('[null, "$nxyz"]'), 400],
  ["unparseable JSON", () => post("{not json"), 400],
  ["an empty body", () => post(""), 400],
  ["no Content-Type (and an empty body)", () => post("", [["content-type", ""]]), 415],
  ["Origin: null", () => post(big(1), [["origin", "null"]]), 403],
  ["a foreign Origin", () => post(big(1), [["origin", "https://evil.example"]]), 403],
  ["an Origin that is not a URL", () => post(big(1), [["origin", "garbage"]]), 403],
  ["X-Forwarded-Host other than the Origin's host", () => post(big(1), [["x-forwarded-host", "evil.example"]]), 403],
  ["a no-JavaScript form whose bound arguments refer to __proto__", () => mpa('["$2:__proto__:then"]'), 400],
  ["a no-JavaScript form whose bound arguments nest 50,000 deep", () => mpa(deep(50_000)), 400],
  ["a multipart POST from a foreign Origin, no action in it", () => form([["a", "b"]], [["next-action", ""], ["origin", "https://evil.example"]]), 403],
];

/** Names of workspaces that the refused posts below would create if they went through. */
const NOT_CREATED = { noOrigin: `no-origin-${randomBytes(4).toString("hex")}`, noType: `no-type-${randomBytes(4).toString("hex")}`, json: `json-${randomBytes(4).toString("hex")}` };
/** Refused too, though Next.js would have run them: not what a browser sends. */
const refused: [string, () => RawRequest, number][] = [
  ["no Origin", () => post(JSON.stringify([null, { name: NOT_CREATED.noOrigin }]), [["origin", ""], ["cookie", cookie]]), 403],
  ["no Content-Type, a JSON body", () => post(JSON.stringify([null, { name: NOT_CREATED.noType }]), [["content-type", ""], ["cookie", cookie]]), 415],
  ["Content-Type: application/json", () => post(JSON.stringify([null, { name: NOT_CREATED.json }]), [["content-type", "application/json"], ["cookie", cookie]]), 415],
];

/**
 * What the server logged while `work` ran: a post Next.js always warns about (an unknown action id)
 * goes last, and the log is read up to its warning, so that anything logged before it is in.
 */
async function logDuring(work: () => Promise<void>): Promise<string> {
  const from = server.output().length;
  await work();
  const marker = `7f${randomBytes(20).toString("hex")}`;
  await sendRaw(server.port, post("[]", [["next-action", marker]]));
  for (let i = 0; i < 200 && !server.output().includes(marker, from); i++) await new Promise((r) => setTimeout(r, 50));
  const to = server.output().indexOf(marker, from);
  expect(to, "the marker post's warning never reached the log").toBeGreaterThan(-1);
  return server.output().slice(from, server.output().lastIndexOf("\n", to) + 1);
}

const workspacesPage = () => send(server.baseUrl, PAGE, { headers: { cookie } });

describe("malformed action posts get a 4xx, and the log stays quiet", () => {
  it.each([...malformed, ...refused].map(([name, build, status]) => [name, status, build] as const))("%s → %i {msg, code}", async (_name, status, build) => {
    let res: Reply | undefined;
    const log = await logDuring(async () => {
      res = await sendRaw(server.port, build());
    });
    expectOpikError(res!, status);
    expect(res!.header("cache-control")).toBe("no-store");
    expect(res!.header("x-content-type-options")).toBe("nosniff");
    expect(log.trim(), "the server logged while answering it").toBe("");
  });

  it("the refused posts that held a valid body (signed in) created nothing", async () => {
    const page = await workspacesPage();
    expect(page.status).toBe(200);
    for (const name of Object.values(NOT_CREATED)) expect(page.text).not.toContain(name);
  });
});

describe("valid action posts still work", () => {
  const created = async (name: string) => (await workspacesPage()).text.includes(name);

  it.each([
    ["multipart, as the Create workspace dialog sends it", (name: string) => form([["_1_name", name], ["0", '[null,"$K1"]']], [["cookie", cookie]])],
    ["text/plain (React's encodeReply gave a string)", (name: string) => post(JSON.stringify([null, { name }]), [["cookie", cookie]])],
    ["behind a proxy: Host is the upstream, X-Forwarded-Host the Origin's", (name: string) => post(JSON.stringify([null, { name }]), [["cookie", cookie], ["origin", "https://admin.example"], ["x-forwarded-host", "admin.example"]])],
  ])("%s → 200, the workspace exists", async (_label, build) => {
    const name = `ws-${randomBytes(4).toString("hex")}`;
    let res: Reply | undefined;
    const log = await logDuring(async () => {
      res = await sendRaw(server.port, build(name));
    });
    expect(res!.status, brief(res!)).toBe(200);
    expect(res!.text).toContain('"ok":true');
    expect(await created(name)).toBe(true);
    expect(log.trim()).toBe("");
  });

  it("a typed value that looks like a bad reference is what the person typed: the form answers with a field error", async () => {
    const res = await sendRaw(server.port, form([["_1_name", "$1:__proto__:then"], ["0", '[null,"$K1"]']], [["cookie", cookie]]));
    expect(res.status, brief(res)).toBe(200);
    expect(res.text).toContain('"fieldErrors"');
  });
});
