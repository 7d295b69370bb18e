import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/** Set by server.ts on every request it hands on; any value a client sends is replaced. */
export const CLIENT_ADDRESS_HEADER = "x-sa-client-address";

export type TrustProxy = (address: string, hop: number) => boolean;

const TRUST_NOBODY: TrustProxy = () => false;
const NAMES = ["loopback", "linklocal", "uniquelocal"];

/**
 * TRUST_PROXY (README "Configuration"): the addresses or CIDR ranges of the reverse proxies in
 * front of this service, comma-separated, or the names `loopback`, `linklocal`, `uniquelocal`.
 * Unset or empty trusts nobody. Anything else, including the old yes/no values, stops the start-up:
 * trusting X-Forwarded-For from every peer lets any client choose its own address.
 */
export function readTrustProxy(value: string | undefined = process.env.TRUST_PROXY): TrustProxy {
  const raw = value?.trim() ?? "";
  if (raw === "") return TRUST_NOBODY;
  const entries = raw.split(",").map((e) => e.trim()).filter(Boolean);
  if (entries.some((e) => /^(1|true|yes|on|\*)$/i.test(e))) {
    throw new Error(
      `TRUST_PROXY takes the addresses or CIDR ranges of your reverse proxies (e.g. "10.0.0.5" or "10.0.0.0/24, ::1"), not "${raw.slice(0, 40)}": ` +
        "X-Forwarded-For is then believed only from those peers",
    );
  }
  return compileAddressList(entries, "TRUST_PROXY is not a list of addresses or CIDR ranges");
}

/**
 * A list of addresses, CIDR ranges or the names `loopback`, `linklocal`, `uniquelocal` as one
 * matcher (proxy-addr's, as Express uses): TRUST_PROXY and OPIK_BACKEND_ADDRESSES. A bad entry
 * throws `<refusal>: <why>`, which stops the start-up.
 */
export function compileAddressList(entries: string[], refusal: string): TrustProxy {
  try {
    return proxyaddr.compile(entries.map((e) => (NAMES.includes(e.toLowerCase()) ? e.toLowerCase() : e)));
  } catch (error) {
    throw new Error(`${refusal}: ${(error as Error).message}`);
  }
}

const store = globalThis as typeof globalThis & { __serviceAccountsTrustProxy?: TrustProxy };

/** The TRUST_PROXY setting, read once per process (server.ts reads it at start-up, so a bad value stops it). */
export function trustProxy(): TrustProxy {
  return (store.__serviceAccountsTrustProxy ??= readTrustProxy());
}

/**
 * Sets the trusted client address on a request for everything after server.ts: in `headers` and in
 * `rawHeaders` (adapters that rebuild the request read those), replacing any value a client sent.
 */
export function setClientAddressHeader(req: IncomingMessage, address: string): void {
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  // In place, never shorter: Node computes `headersDistinct` later from rawHeaders up to the count
  // it parsed, so removing pairs made it read past the end and throw (a request sending the header
  // twice got no answer at all). The first copy takes the address, any other is renamed away.
  const raw = req.rawHeaders;
  let set = false;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== CLIENT_ADDRESS_HEADER) continue;
    [raw[i], raw[i + 1]] = set ? [DROPPED_HEADER, ""] : [CLIENT_ADDRESS_HEADER, address];
    set = true;
  }
  if (!set) raw.push(CLIENT_ADDRESS_HEADER, address);
}

/** What further copies of the client-address header a client sent are renamed to (empty, read by nothing). */
export const DROPPED_HEADER = "x-sa-dropped-header";

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then X-Forwarded-For
 * is walked from the right (the entry the nearest proxy appended) past every trusted proxy, and the
 * first address that is not one is the client (proxy-addr's rule, as Express uses it). Entries a
 * client wrote itself are never reached while a trusted proxy appends its own.
 */
export function clientAddressOf(req: IncomingMessage, trust: TrustProxy = trustProxy()): string {
  if (!req.socket.remoteAddress) return "";
  try {
    return proxyaddr(req, trust);
  } catch {
    return req.socket.remoteAddress;
  }
}
