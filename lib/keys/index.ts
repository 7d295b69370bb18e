import { hash, randomInt } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * API key format (PRODUCT.md §2): `<prefix>_<32 random base62><6 base62 of CRC32(random)>`.
 * 32 base62 characters carry 190.5 bits from the platform CSPRNG. The checksum lets the server
 * reject typos and forgeries without a database read, and lets secret scanners recognise keys.
 */
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const RANDOM_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
export const DEFAULT_PREFIX = "opsa";
// Lowercase letters and digits, no "_" (so the key splits unambiguously, and no key can ever start
// with Opik's reserved `opik_mcp_`).
export const PREFIX_PATTERN = /^[a-z][a-z0-9]{1,15}$/;
const KEY_PATTERN = /^([a-z][a-z0-9]{1,15})_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;
/** Longest string worth parsing as a key (prefix + "_" + 38); anything longer is malformed. */
export const MAX_KEY_LENGTH = 16 + 1 + RANDOM_LENGTH + CHECKSUM_LENGTH;

/**
 * Opik reserves credentials starting `opik_` (`opik_mcp_`, `opik_cipx_`: OPIK-AUTH-CONTRACT.md
 * §18.7): with CIPX validation on, Opik hands those to another service, never to this one. A key
 * is `<prefix>_…`, so the prefix `opik` (in any letter case, or followed by "_") is refused; former
 * prefixes in API_KEY_ACCEPTED_PREFIXES may still be `opik`, so keys issued under it keep working.
 */
export const RESERVED_PREFIX = /^opik(_|$)/i;

export function configuredPrefix(): string {
  const prefix = process.env.API_KEY_PREFIX?.trim() || DEFAULT_PREFIX;
  if (RESERVED_PREFIX.test(prefix)) {
    throw new Error(`API_KEY_PREFIX "${prefix.slice(0, 20)}" would make keys starting "opik_", which Opik reserves for its own credentials (opik_mcp_, opik_cipx_): choose another prefix`);
  }
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`API_KEY_PREFIX must be 2–16 lowercase letters and digits, starting with a letter (got "${prefix}")`);
  }
  return prefix;
}

function toBase62(value: number, width: number): string {
  let out = "";
  let n = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export function checksumOf(random: string): string {
  return toBase62(crc32(random), CHECKSUM_LENGTH);
}

/**
 * Prefixes a key may carry: the configured one, plus former ones listed in
 * API_KEY_ACCEPTED_PREFIXES (comma-separated) so keys survive a change of prefix. Checking the
 * prefix here means a typo in it is refused without a database read, like a typo elsewhere.
 */
let accepted: { prefix: string | undefined; former: string | undefined; list: string[] } | null = null;

/** The configured prefix and the former ones; worked out again only when the settings change (every check asks). */
export function acceptedPrefixes(): string[] {
  const { API_KEY_PREFIX: prefix, API_KEY_ACCEPTED_PREFIXES: former } = process.env;
  const memo = accepted;
  if (memo && memo.prefix === prefix && memo.former === former) return memo.list;
  const formerList = (former ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => PREFIX_PATTERN.test(p));
  const list = [configuredPrefix(), ...formerList];
  accepted = { prefix, former, list };
  return list;
}

/** `length` base62 characters from the platform CSPRNG (randomInt draws uniformly: no modulo bias). */
export function randomBase62(length: number): string {
  let random = "";
  for (let i = 0; i < length; i++) random += BASE62[randomInt(62)];
  return random;
}

export function generateApiKey(prefix = configuredPrefix()): string {
  if (!PREFIX_PATTERN.test(prefix) || RESERVED_PREFIX.test(prefix)) throw new Error("invalid key prefix");
  const random = randomBase62(RANDOM_LENGTH);
  return `${prefix}_${random}${checksumOf(random)}`;
}

export type ParsedKey = { prefix: string; random: string; checksum: string };

/** Format, prefix and checksum only: pure, no I/O. */
export function parseApiKey(key: string, prefixes: readonly string[] = acceptedPrefixes()): ParsedKey | null {
  if (key.length > MAX_KEY_LENGTH) return null;
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const [, prefix, random, checksum] = match as unknown as [string, string, string, string];
  if (!prefixes.includes(prefix)) return null;
  return checksumOf(random) === checksum ? { prefix, random, checksum } : null;
}

/** What is stored and looked up: SHA-256 of the full key, hex. */
export function hashApiKey(key: string): string {
  return hash("sha256", key, "hex");
}

/** Non-secret display hint: prefix, the first 4 random characters, "…", the last 4 characters. */
export function keyHint(key: string): string {
  const match = KEY_PATTERN.exec(key);
  const parsed = match ? parseApiKey(key, [match[1] ?? ""]) : null;
  if (!parsed) throw new Error("not an API key");
  return `${parsed.prefix}_${parsed.random.slice(0, 4)}…${key.slice(-4)}`;
}

/**
 * Opik "smart keys" append `*` and base64 JSON (`{"baseUrl": ...}`) to the key; the SDK sends the
 * whole string. Only the part before the first `*` is the key.
 */
export function stripSmartKeySuffix(value: string): string {
  const star = value.indexOf("*");
  return star === -1 ? value : value.slice(0, star);
}
