import type { IncomingMessage } from "node:http";

/** Set by server.ts on every request it hands on; any value a client sends is replaced. */
export const CLIENT_ADDRESS_HEADER = "x-sa-client-address";

/**
 * The client's address: the socket's peer, or, when TRUST_PROXY is set because a reverse proxy
 * fronts this service, the last X-Forwarded-For entry (the one that proxy appended; entries to its
 * left are whatever the client claimed).
 */
export function clientAddressOf(req: IncomingMessage, trustProxy = Boolean(process.env.TRUST_PROXY)): string {
  const peer = req.socket.remoteAddress ?? "";
  if (!trustProxy) return peer;
  const forwarded = req.headers["x-forwarded-for"];
  const last = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").pop()?.trim();
  return last || peer;
}
