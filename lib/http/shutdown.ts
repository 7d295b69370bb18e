// A clean stop (README "Deployment"): on SIGTERM the server answers what it is already answering,
// refuses new requests with 503 and closes its connections, so that the caller can then record key
// use and close the database before the process exits (server.ts).
import type { Server as HttpServer, ServerResponse } from "node:http";
import { Server as NetServer } from "node:net";
import { opikError } from "./errors";
import { send, text } from "./reply";

const MESSAGE = "The service is stopping; try again shortly";

/**
 * The answer to a request that arrives while the server stops: 503, in the Opik-facing API's
 * `{msg, code}` shape where `opik`, and `Connection: close`, so that a keep-alive client moves on
 * to another instance (or retries) instead of reusing this connection.
 */
export function refuseWhileStopping(res: ServerResponse, opik: boolean): void {
  const headers = { "retry-after": "5", connection: "close" };
  send(res, opik ? opikError(503, MESSAGE, headers) : text(503, `${MESSAGE}\n`, headers));
}

/**
 * Stops accepting connections and resolves once every open one has ended. Requests already being
 * answered finish. An idle keep-alive connection is not dropped at once (http.Server#close does
 * that, which races a client sending its next request on it and resets that request): for
 * `graceMs` each such client gets its next request answered (with a 503 and `Connection: close`
 * from the caller's handler); then idle connections are closed as they become idle, and after
 * `deadlineMs` every connection is.
 */
export function drainConnections(server: HttpServer, { graceMs = 1_000, deadlineMs = 6_000 } = {}): Promise<void> {
  return new Promise((resolve) => {
    let sweep: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      server.closeIdleConnections();
      sweep = setInterval(() => server.closeIdleConnections(), 100);
    }, graceMs);
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    NetServer.prototype.close.call(server, () => {
      clearTimeout(grace);
      clearTimeout(deadline);
      clearInterval(sweep);
      resolve();
    });
  });
}
