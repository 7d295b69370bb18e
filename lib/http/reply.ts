import type { ServerResponse } from "node:http";

/**
 * What every surface server.ts answers before Next.js hands back (lib/http/router.ts): a status,
 * headers and a body, written by `send` alone, so that the security headers and the length are
 * set in one place for the key checks, forward auth, metrics, the authentication API, the Opik
 * host's pages and the management API alike.
 */
export type Reply = { status: number; headers?: Record<string, string | string[]>; type?: string; body?: string | Buffer };

/**
 * On every answer: credentials and pages about them are never cached, and nothing is sniffed into
 * something else. A reply's own headers win (the API reference's assets are cacheable).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = { "cache-control": "no-store", "x-content-type-options": "nosniff" };

export const json = (status: number, value: unknown, headers?: Record<string, string | string[]>, type = "application/json"): Reply => ({
  status,
  headers,
  type,
  body: JSON.stringify(value),
});
export const text = (status: number, body: string, headers?: Record<string, string | string[]>): Reply => ({ status, headers, type: "text/plain; charset=UTF-8", body });
export const html = (status: number, body: string, headers?: Record<string, string | string[]>): Reply => ({ status, headers, type: "text/html; charset=UTF-8", body });
export const redirect = (location: string, status: 302 | 303 = 302, headers: Record<string, string | string[]> = {}): Reply => ({
  status,
  // As a browser would send it: a Location with characters outside Latin-1 is percent-encoded.
  headers: { ...headers, location: /[^\x00-\xFF]/.test(location) ? encodeURI(location) : location },
});

/** The reply with more headers (a surface's own: the Opik host's page policy). */
export const withHeaders = (reply: Reply, headers: Record<string, string | string[]>): Reply => ({ ...reply, headers: { ...reply.headers, ...headers } });

/** Every header of a reply as sent: the security headers, its own, its type and length. */
export function headersOf(reply: Reply): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = { ...SECURITY_HEADERS, ...reply.headers };
  if (reply.type && reply.body !== undefined) headers["content-type"] = reply.type;
  if (reply.status !== 204 && reply.status !== 304) headers["content-length"] = String(reply.body === undefined ? 0 : Buffer.byteLength(reply.body));
  return headers;
}

/** Writes a reply; a HEAD request gets the headers only (Node drops the body). */
export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, headersOf(reply));
  res.end(reply.status === 204 ? undefined : reply.body);
}
