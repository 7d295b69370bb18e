import { checksumOf, CHECKSUM_LENGTH, hashApiKey, randomBase62 } from "@/lib/keys";

/**
 * Management tokens (README "Automate it"): `samt_<40 base62><6 base62 checksum>`. Longer than an
 * API key's 38 characters after the `_`, so no token ever parses as an API key (whatever
 * API_KEY_PREFIX is) and no API key as a token: `/opik/auth` refuses tokens, `/api/v1/` refuses keys.
 */
export const TOKEN_PREFIX = "samt";
const RANDOM = 40;
const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}_([0-9A-Za-z]{${RANDOM}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);
export const TOKEN_LENGTH = TOKEN_PREFIX.length + 1 + RANDOM + CHECKSUM_LENGTH;

export function generateManagementToken(): string {
  const random = randomBase62(RANDOM);
  return `${TOKEN_PREFIX}_${random}${checksumOf(random)}`;
}

/** Shape and checksum only, no I/O: a typo or a forgery is refused without a database read. */
export function isManagementToken(value: string): boolean {
  if (value.length !== TOKEN_LENGTH) return false;
  const match = TOKEN_PATTERN.exec(value);
  return match !== null && checksumOf(match[1]!) === match[2];
}

/** Stored and looked up: SHA-256, as for API keys. */
export const hashManagementToken = (token: string): string => hashApiKey(token);

/** Non-secret hint for the list: `samt_abcd…wxyz`. */
export const tokenHint = (token: string): string => `${token.slice(0, TOKEN_PREFIX.length + 5)}…${token.slice(-4)}`;
