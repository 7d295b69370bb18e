// A worker process of CHECK_WORKERS (lib/http/workers.ts has the layout): answers the key checks
// Opik makes (lib/auth-api/key-checks.ts) and the forward-auth check (lib/access/forward-auth.ts)
// on the public port, with a check cache and lease of its own, and streams every other request to
// the full process over its private socket.
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { closeDb } from "@/db/client";
import { FORWARD_AUTH_PATH, handleForwardAuth } from "@/lib/access/forward-auth";
import { isAuthApiPath } from "@/lib/auth-api/app";
import { handleKeyCheck, isKeyCheck } from "@/lib/auth-api/key-checks";
import { checkCache, stopCheckCache } from "@/lib/cache";
import { clientAddressOf } from "@/lib/http/client-address";
import { drainConnections, refuseWhileStopping } from "@/lib/http/shutdown";
import { answerMetricsRequests } from "@/lib/http/worker-metrics";
import { HEADER_LIMIT, PEER_HEADER, SLOT_ENV, SOCKET_ENV } from "@/lib/http/workers";
import { lastUsed } from "@/lib/verify/last-used";

/** Hop-by-hop headers (RFC 9110 §7.6.1): about this connection, not passed on. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", PEER_HEADER]);
const UNAVAILABLE = JSON.stringify({ msg: "The service is starting or stopping; try again shortly", code: 503 });

/** Runs the worker; never resolves (the process ends with process.exit after a clean stop). */
export function runCheckWorker(port: number, hostname: string | undefined): Promise<never> {
  const socketPath = process.env[SOCKET_ENV]!;
  const slot = process.env[SLOT_ENV] ?? "?";
  // The check cache starts now (on Postgres: its LISTEN connection and its lease), as in the full process.
  checkCache();
  answerMetricsRequests(slot);
  const agent = new Agent({ keepAlive: true });
  let stopping = false;

  const server = createServer({ maxHeaderSize: HEADER_LIMIT }, (req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    if (stopping) return refuseWhileStopping(res, isKeyCheck(req.method, pathname) || isAuthApiPath(pathname));
    if (isKeyCheck(req.method, pathname)) return void handleKeyCheck(req, res, pathname, () => clientAddressOf(req));
    if (pathname === FORWARD_AUTH_PATH) return void handleForwardAuth(req, res);
    forward(req, res, socketPath, agent);
  });
  server.on("clientError", answerClientError);
  // A connection the primary hands over (cluster round-robin) does not get http.Server's noDelay:
  // without this, an answer's head and body leave in two segments and Nagle holds the second.
  server.on("connection", (socket: Socket) => socket.setNoDelay(true));
  server.listen(port, hostname);

  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await drainConnections(server);
    agent.destroy();
    await lastUsed().flush();
    await stopCheckCache();
    await closeDb().catch(() => {});
    console.info(`[workers] check worker ${slot} stopped`);
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  return new Promise<never>(() => {});
}

/**
 * Streams a request to the full process and its answer back: the request head as the client sent
 * it (less hop-by-hop headers) plus the client's socket address in PEER_HEADER, the body as it
 * arrives; the answer's status, headers (less hop-by-hop ones; `Connection: close` is kept) and body.
 */
function forward(req: IncomingMessage, res: ServerResponse, socketPath: string, agent: Agent): void {
  const raw = req.rawHeaders;
  const named = connectionTokens(req.headers.connection);
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(name) && !named.has(name)) headers.push(raw[i]!, raw[i + 1]!);
  }
  headers.push(PEER_HEADER, req.socket.remoteAddress ?? "");
  const upstream = request({ socketPath, method: req.method, path: req.url, headers, agent, maxHeaderSize: HEADER_LIMIT + 1024 }, (answer) => {
    const back: string[] = [];
    const answerRaw = answer.rawHeaders;
    const answerNamed = connectionTokens(answer.headers.connection);
    for (let i = 0; i < answerRaw.length; i += 2) {
      const name = answerRaw[i]!.toLowerCase();
      if (!HOP_BY_HOP.has(name) && !answerNamed.has(name) && name !== "transfer-encoding") back.push(answerRaw[i]!, answerRaw[i + 1]!);
    }
    if (answerNamed.has("close")) back.push("Connection", "close");
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, back);
    answer.pipe(res);
    answer.on("error", () => res.destroy());
  });
  upstream.on("error", () => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(503, { "Content-Type": "application/json", "Cache-Control": "no-store", "Retry-After": "5", Connection: "close" });
    res.end(UNAVAILABLE);
  });
  // The client went away before its answer was complete: stop the full process's work on it too.
  res.on("close", () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.on("error", () => upstream.destroy());
  req.pipe(upstream);
}

function connectionTokens(value: string | undefined): Set<string> {
  return new Set((value ?? "").toLowerCase().split(",").map((t) => t.trim()).filter(Boolean));
}

/** As server.ts answers requests Node's HTTP parser rejects: in the contract's error shape. */
function answerClientError(_error: Error, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ msg: "Malformed HTTP request", code: 400 });
  socket.end(
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n" +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
