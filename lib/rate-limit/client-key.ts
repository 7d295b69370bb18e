import { isIPv6 } from "node:net";

/**
 * The unit a per-client limit applies to: an IPv4 address as is, an IPv6 address by its /64.
 * One subscriber usually holds a whole /64, so limiting single IPv6 addresses would let a client
 * pick a fresh address for every attempt (and grow the limiter's memory without bound).
 */
export function clientKey(address: string): string {
  const value = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped) return mapped[1]!;
  const [bare = ""] = value.split("%"); // zone index (fe80::1%eth0)
  if (!isIPv6(bare)) return value.slice(0, 100);
  const groups = (part: string) => (part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])));
  const [head = "", tail] = bare.split("::");
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const full = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill("0"), ...back];
  return `${full
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}
