import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { headersOf, type Reply } from "@/lib/http/reply";
import { httpRequest, type HttpRequest } from "@/lib/http/router";

/**
 * Calls one surface of lib/http/router.ts in-process, no socket: a web Request (or a path and its
 * init) in, a web Response out, with the headers lib/http/reply.ts's `send` would write. The client
 * address is the X-Client-Address header's (server.ts's router works it out), or none, which turns
 * the refused-check limiter off as for any in-process call.
 */
export function inProcess(answer: (r: HttpRequest) => Reply | Promise<Reply>) {
  return async (input: Request | string, init?: RequestInit): Promise<Response> => {
    const request = typeof input === "string" ? new Request(new URL(input, "http://localhost"), init) : input;
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : Buffer.alloc(0);
    const url = new URL(request.url);
    const headers = Object.fromEntries(request.headers);
    const headersDistinct = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
    const raw = Object.assign(Readable.from(body.length > 0 ? [body] : []), { method: request.method, url: `${url.pathname}${url.search}`, headers, headersDistinct, complete: true });
    const r = httpRequest(raw as unknown as IncomingMessage, () => request.headers.get(CLIENT_ADDRESS_HEADER) ?? "");
    const reply = await answer(r);
    const out = new Headers();
    for (const [name, value] of Object.entries(headersOf(reply))) for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
    const empty = request.method === "HEAD" || reply.status === 204 || reply.status === 304 || reply.body === undefined;
    return new Response(empty ? null : new Uint8Array(Buffer.from(reply.body!)), { status: reply.status, headers: out });
  };
}
