// A worker process of CHECK_WORKERS (lib/http/workers.ts has the layout): answers the key checks
// Opik makes and the forward-auth check on the public port through the same router and mounts as
// the full process, with a check cache and lease of its own, and streams every other request to the
// full process over its private socket.
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { forwardAuth } from "@/lib/access/forward-auth";
import { authApiMount } from "@/lib/auth-api/app";
import { keyChecks } from "@/lib/auth-api/key-checks";
import { checkCache } from "@/lib/cache";
import { isStopping, stopCleanlyOnSignals } from "./clean-stop";
import { clientAddressOf } from "./client-address";
import { answerMalformedRequest, opikError } from "./errors";
import { send } from "./reply";
import { createRouter, type Mount } from "./router";
import { answerMetricsRequests } from "./worker-metrics";
import { HEADER_LIMIT, PEER_HEADER, SLOT_ENV, SOCKET_ENV } from "./workers";

/** Hop-by-hop headers (RFC 9110 §7.6.1): about this connection, not passed on. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", PEER_HEADER]);

/** Runs the worker; never resolves (the process ends with process.exit after a clean stop). */
export function runCheckWorker(port: number, hostname: string | undefined): Promise<never> {
  const socketPath = process.env[SOCKET_ENV]!;
  const slot = process.env[SLOT_ENV] ?? "?";
  // The check cache starts now (on Postgres: its LISTEN connection and its lease), as in the full process.
  checkCache();
  answerMetricsRequests(slot);
  const agent = new Agent({ keepAlive: true });

  const toPrimary = primaryMount(socketPath, agent);
  const mounts: Mount[] = [
    keyChecks,
    forwardAuth,
    // While the worker stops, the rest of the authentication API's 503 is in {msg, code} too.
    { ...toPrimary, owns: authApiMount.owns, opik: true },
    toPrimary,
  ];
  const server = createServer({ maxHeaderSize: HEADER_LIMIT }, createRouter(mounts, { stopping: isStopping, addressOf: clientAddressOf }));
  server.on("clientError", answerMalformedRequest);
  // A connection the primary hands over (cluster round-robin) does not get http.Server's noDelay:
  // without this, an answer's head and body leave in two segments and Nagle holds the second.
  server.on("connection", (socket: Socket) => socket.setNoDelay(true));
  server.listen(port, hostname);
  stopCleanlyOnSignals(server, { drained: () => agent.destroy(), stopped: `[workers] check worker ${slot} stopped` });
  return new Promise<never>(() => {});
}

/** The worker's last mount: every request the checks do not own goes to the full process on `socketPath`. */
export function primaryMount(socketPath: string, agent: Agent): Mount {
  return { owns: () => true, answer: (r, res) => forward(r.raw, res, socketPath, agent) };
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
  // The full process cannot be reached (starting, stopping, or gone): a 503 the client may retry.
  upstream.on("error", () => {
    if (res.headersSent) return void res.destroy();
    send(res, opikError(503, "The service is starting or stopping; try again shortly", { "retry-after": "5", connection: "close" }));
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
