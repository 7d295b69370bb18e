// The server-action guard on a real node:http server, over raw sockets: how bodies arrive (one
// write, split, chunked, kept-alive), that a passed body reaches the next handler byte for byte,
// and the answers and headers of each refusal. What counts as a malformed reply is
// reply-check.test.ts; the guard in front of the production server is tests/contract/action-posts.test.ts.
import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

vi.stubEnv("REQUEST_BODY_TIMEOUT_S", "1");
const { guardServerActions, MAX_ACTION_BODY_BYTES } = await import("./action-guard");

let server: Server;
let port = 0;
const errors = vi.spyOn(console, "error");
const warnings = vi.spyOn(console, "warn");

beforeAll(async () => {
  server = createServer((req, res) =>
    guardServerActions(req, res, () => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => res.end(JSON.stringify({ passed: true, body: Buffer.concat(chunks).toString("base64") })));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  expect(errors).not.toHaveBeenCalled();
  expect(warnings).not.toHaveBeenCalled();
});

type Reply = { status: number; headers: string; body: string };
const host = () => `127.0.0.1:${port}`;

/**
 * Writes `parts` one after another (each after the previous has left), reads replies until the
 * server closes or `count` arrived; `hangUp`: closes the connection once everything is written.
 */
function exchange(parts: (string | Buffer)[], count = 1, hangUp = false): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let raw = Buffer.alloc(0);
    const replies = (): Reply[] => {
      const out: Reply[] = [];
      let rest = raw.toString("latin1");
      for (;;) {
        const head = rest.indexOf("\r\n\r\n");
        if (head === -1) break;
        const headers = rest.slice(0, head);
        const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0);
        if (rest.length < head + 4 + length) break;
        out.push({ status: Number(headers.slice(9, 12)), headers: headers.toLowerCase(), body: Buffer.from(rest.slice(head + 4, head + 4 + length), "latin1").toString() });
        rest = rest.slice(head + 4 + length);
      }
      return out;
    };
    socket.on("data", (d) => {
      raw = Buffer.concat([raw, d]);
      if (replies().length >= count) socket.destroy();
    });
    socket.on("close", () => resolve(replies()));
    socket.on("error", (e) => (replies().length ? resolve(replies()) : reject(e)));
    const write = (i: number) => {
      if (i === parts.length) return void (hangUp && socket.destroy());
      socket.write(parts[i]!, () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}

const ACTION = "7f0000000000000000000000000000000000000000";
function head(body: Buffer | number | null, headers: Record<string, string> = {}, path = "/admin/workspaces"): string {
  const all: Record<string, string> = { "next-action": ACTION, origin: `http://${host()}`, "content-type": "text/plain;charset=UTF-8", ...headers };
  if (body !== null) all["content-length"] ??= String(typeof body === "number" ? body : body.length);
  const lines = Object.entries(all).filter(([, v]) => v !== "").map(([k, v]) => `${k}: ${v}\r\n`);
  return `POST ${path} HTTP/1.1\r\nhost: ${host()}\r\n${lines.join("")}\r\n`;
}
const chunked = (pieces: string[]) => pieces.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join("") + "0\r\n\r\n";
const valid = Buffer.from(JSON.stringify([null, { name: "team-a" }]));
const passedBody = (r: Reply) => Buffer.from((JSON.parse(r.body) as { body: string }).body, "base64");

function expectRefusal(r: Reply | undefined, status: number): void {
  expect(r?.status, r?.body).toBe(status);
  expect(JSON.parse(r!.body)).toEqual({ msg: expect.any(String), code: status });
  expect(r!.headers).toMatch(/content-type: application\/json/);
  expect(r!.headers).toMatch(/cache-control: no-store/);
  expect(r!.headers).toMatch(/x-content-type-options: nosniff/);
}

describe("a valid action reaches the next handler with its body intact", () => {
  it.each([
    ["in one write", () => [head(valid) + valid.toString()]],
    ["headers first, then the body", () => [head(valid), valid]],
    ["the body in three pieces", () => [head(valid), valid.subarray(0, 5), valid.subarray(5, 9), valid.subarray(9)]],
    ["chunked, in pieces", () => [head(null, { "transfer-encoding": "chunked" }), chunked(["[null,", '{"name":', '"team-a"}]'])]],
  ])("%s", async (_name, parts) => {
    const [reply] = await exchange(parts());
    expect(reply?.status).toBe(200);
    expect(passedBody(reply!)).toEqual(valid);
  });

  it("a multipart body of nearly 1 MB, byte for byte", async () => {
    const boundary = "----WebKitFormBoundaryAbCdEf012345";
    const text = "é".repeat(400_000);
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_1_name"\r\n\r\n${text}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="0"\r\n\r\n[null,"$K1"]\r\n--${boundary}--\r\n`,
    );
    expect(body.length).toBeLessThan(MAX_ACTION_BODY_BYTES);
    const [reply] = await exchange([head(body, { "content-type": `multipart/form-data; boundary=${boundary}` }), body]);
    expect(reply?.status).toBe(200);
    expect(passedBody(reply!).equals(body)).toBe(true);
  });

  it("a refused request and a valid one on the same kept-alive connection", async () => {
    const bad = Buffer.from("{not json");
    const replies = await exchange([head(bad) + bad.toString(), head(valid) + valid.toString()], 2);
    expectRefusal(replies[0], 400);
    expect(replies[1]?.status).toBe(200);
  });

  it("GETs, and POSTs that are no action, are not read", async () => {
    const [get] = await exchange([`GET /admin HTTP/1.1\r\nhost: ${host()}\r\n\r\n`]);
    expect(get?.status).toBe(200);
    const [post] = await exchange([`POST /api/auth/callback/credentials HTTP/1.1\r\nhost: ${host()}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 3\r\n\r\na=b`]);
    expect(passedBody(post!).toString()).toBe("a=b");
  });
});

describe("refusals", () => {
  const over = Buffer.alloc(MAX_ACTION_BODY_BYTES + 1, 0x20);
  it.each([
    ["no Origin", 403, () => [head(valid, { origin: "" }) + valid.toString()]],
    ["Origin: null", 403, () => [head(valid, { origin: "null" }) + valid.toString()]],
    ["a foreign Origin", 403, () => [head(valid, { origin: "https://evil.example" }) + valid.toString()]],
    ["an Origin that is no URL", 403, () => [head(valid, { origin: "garbage" }) + valid.toString()]],
    ["an Origin that matches Host but not X-Forwarded-Host", 403, () => [head(valid, { "x-forwarded-host": "proxy.example" }) + valid.toString()]],
    ["a multipart POST without Next-Action from elsewhere", 403, () => [head(valid, { "next-action": "", origin: "https://evil.example", "content-type": "multipart/form-data; boundary=x" }) + valid.toString()]],
    ["no Content-Type", 415, () => [head(valid, { "content-type": "" }) + valid.toString()]],
    ["application/json", 415, () => [head(valid, { "content-type": "application/json" }) + valid.toString()]],
    ["text/plain in another charset", 415, () => [head(valid, { "content-type": "text/plain; charset=iso-8859-1" }) + valid.toString()]],
    ["1 MB + 1 byte, declared", 413, () => [head(over), over]],
    ["1 MB + 1 byte, chunked", 413, () => [head(null, { "transfer-encoding": "chunked" }), chunked([over.toString()])]],
    ["unreadable multipart", 400, () => [head(valid, { "content-type": "multipart/form-data; boundary=x" }) + valid.toString()]],
    ["a body that stops arriving", 408, () => [head(valid), valid.subarray(0, 4)]],
  ] as [string, number, () => (string | Buffer)[]][])("%s → %i", async (_name, status, parts) => {
    const [reply] = await exchange(parts());
    expectRefusal(reply, status);
  });

  it("a body declared far over the limit is answered at once, and the connection closed", async () => {
    const [reply] = await exchange([head(MAX_ACTION_BODY_BYTES * 10)]);
    expectRefusal(reply, 413);
    expect(reply!.headers).toMatch(/connection: close/);
  });

  it("a client that goes away mid-body: nothing logged, the server answers the next one", async () => {
    expect(await exchange([head(valid), valid.subarray(0, 4)], 1, true)).toEqual([]);
    const [next] = await exchange([head(valid) + valid.toString()]);
    expect(next?.status).toBe(200);
  });
});
