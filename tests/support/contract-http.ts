import { connect } from "node:net";
import { expect } from "vitest";
import { secrets } from "./contract-fixtures";

/** A response as the tests read it, from fetch or from raw bytes. */
export type Reply = {
  status: number;
  /** Lower-case header name → every value received for it. */
  headers: Map<string, string[]>;
  header: (name: string) => string | undefined;
  text: string;
};

function reply(status: number, headers: Map<string, string[]>, text: string): Reply {
  return { status, headers, text, header: (name) => headers.get(name.toLowerCase())?.join(", ") };
}

/** fetch (undici): for ordinary, well-formed requests. */
export async function send(baseUrl: string, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  const headers = new Map<string, string[]>();
  res.headers.forEach((value, name) => headers.set(name, [...(headers.get(name) ?? []), value]));
  return reply(res.status, headers, await res.text());
}

/** POST a JSON body with the headers the Opik backend sends on endpoint A (§2.1, §3). */
export function postJson(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(baseUrl, path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", "accept-encoding": "identity", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export type RawRequest = {
  method: string;
  path: string;
  /** Sent in this order, as given: repeated names are sent repeatedly, Buffers byte for byte. */
  headers?: [string, string | Buffer][];
  body?: string | Buffer;
  /** Leave out the automatic Content-Length (e.g. for chunked bodies written by the caller). */
  noContentLength?: boolean;
};

/**
 * Exact bytes over node:net, for what fetch refuses to send: duplicated headers, raw non-UTF-8
 * bytes, hand-made framing. Always `Connection: close`; the reply is read until the server closes.
 */
export function sendRaw(port: number, request: RawRequest): Promise<Reply> {
  const lines: Buffer[] = [Buffer.from(`${request.method} ${request.path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n`, "latin1")];
  for (const [name, value] of request.headers ?? []) {
    lines.push(Buffer.from(`${name}: `, "latin1"), typeof value === "string" ? Buffer.from(value, "latin1") : value, Buffer.from("\r\n"));
  }
  const body = request.body === undefined ? Buffer.alloc(0) : typeof request.body === "string" ? Buffer.from(request.body) : request.body;
  if (!request.noContentLength && request.body !== undefined) lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
  lines.push(Buffer.from("\r\n"), body);

  return exchange(port, Buffer.concat(lines), 15_000);
}

/**
 * A request whose body never arrives whole: the head (with its Content-Length) and `sent` bytes of
 * the body, then nothing. Resolves with the server's answer once it closes the connection.
 */
export function sendStalled(port: number, head: string, sent: string): Promise<Reply> {
  const bytes = `${head.replace(/\r?\n/g, "\r\n").trimEnd()}\r\nHost: 127.0.0.1:${port}\r\n\r\n${sent}`;
  return exchange(port, Buffer.from(bytes), 30_000);
}

/** Writes `bytes` on a new connection and parses what arrives until the server closes it. */
function exchange(port: number, bytes: Buffer, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error(`no complete reply within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    // A server may close (or reset) while the request is still being written: keep what arrived.
    socket.on("error", (error) => (chunks.length ? finish() : (clearTimeout(timer), reject(error))));
    socket.on("close", () => finish());
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        resolve(parseRaw(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    }
    socket.write(bytes);
  });
}

function parseRaw(bytes: Buffer): Reply {
  const end = bytes.indexOf("\r\n\r\n");
  if (end === -1) throw new Error(`incomplete HTTP reply: ${JSON.stringify(bytes.toString("latin1").slice(0, 200))}`);
  const [statusLine = "", ...headerLines] = bytes.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers = new Map<string, string[]>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  let body = bytes.subarray(end + 4);
  if (headers.get("transfer-encoding")?.join(",").toLowerCase().includes("chunked")) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const lineEnd = body.indexOf("\r\n", at);
      const size = parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (headers.has("content-length")) {
    body = body.subarray(0, Number(headers.get("content-length")![0]));
  }
  return reply(status, headers, body.toString("utf8"));
}

/** Status and the start of the body, for assertion messages. */
export const brief = (res: Reply): string => `${res.status} ${res.text.slice(0, 300)}`;

const STACK_TRACE = /\n\s+at\s|\bat [\w.<>]+ \(|node_modules|\.(ts|js|mjs):\d+|Error: /;

/** Never a 5xx, never a stack trace, never a plaintext key. */
export function expectSafe(res: Reply): void {
  expect(res.status, brief(res)).toBeLessThan(500);
  expect(res.text).not.toMatch(STACK_TRACE);
  for (const key of secrets) expect(res.text.includes(key), "a plaintext key is echoed in the body").toBe(false);
}

/** Content type application/json, and the body parsed. */
export function jsonOf(res: Reply): Record<string, unknown> {
  expect(res.header("content-type") ?? "").toMatch(/^application\/json\b/i);
  const value: unknown = JSON.parse(res.text);
  expect(value).toBeTypeOf("object");
  return value as Record<string, unknown>;
}

/** The Opik error shape (OPIK-AUTH-CONTRACT.md §2.2): JSON `{msg: string, code: int}`, code = status. */
export function expectOpikError(res: Reply, status: number, msg?: RegExp): string {
  expectSafe(res);
  expect(res.status, brief(res)).toBe(status);
  const body = jsonOf(res);
  expect(body.msg).toBeTypeOf("string");
  expect((body.msg as string).length).toBeGreaterThan(0);
  expect(Number.isInteger(body.code) && body.code === status, res.text).toBe(true);
  if (msg) expect(body.msg).toMatch(msg);
  return body.msg as string;
}

/** The native endpoint's refusal shape: `{valid: false, code: string, message: string}`. */
export function expectVerifyRefusal(res: Reply, status: number, code?: string): void {
  expectSafe(res);
  expect(res.status, brief(res)).toBe(status);
  const body = jsonOf(res);
  expect(body.valid).toBe(false);
  expect(body.code).toBeTypeOf("string");
  if (code) expect(body.code).toBe(code);
  expect(body.message).toBeTypeOf("string");
}
