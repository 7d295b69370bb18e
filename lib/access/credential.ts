import { createHash, randomBytes } from "node:crypto";

/**
 * A person's credential for Opik's web UI (PRODUCT.md §7): `sapc_` + 43 base64url characters
 * (256 random bits). The shape alone tells it from an API key (`<prefix>_` + 38 base62: a
 * different length, and base62 has no "-" or "_" after the prefix), with no I/O, and it can never
 * begin with Opik's reserved `opik_mcp_`. It lives in the `sa_access` cookie on the Opik host;
 * the proxy copies it into `Authorization`. Only its SHA-256 is stored.
 */
export const CREDENTIAL_PREFIX = "sapc_";
const CREDENTIAL_SHAPE = /^sapc_[A-Za-z0-9_-]{43}$/;
const CODE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newPersonCredential(): string {
  return `${CREDENTIAL_PREFIX}${randomBytes(32).toString("base64url")}`;
}

export function isPersonCredential(value: string): boolean {
  return value.length === CREDENTIAL_PREFIX.length + 43 && CREDENTIAL_SHAPE.test(value);
}

/** The one-time code of the sign-in's callback: 256 random bits, base64url, single use. */
export function newAccessCode(): string {
  return randomBytes(32).toString("base64url");
}

export function isAccessCodeShape(value: string): boolean {
  return CODE_SHAPE.test(value);
}

/**
 * The state of one Opik-host sign-in: 256 random bits in a cookie of the Opik host (never in a
 * URL); only its SHA-256 travels to this service's host and is stored with the code.
 */
export function newSignInState(): string {
  return randomBytes(32).toString("base64url");
}

export const isSignInStateShape = isAccessCodeShape;

const HASH_SHAPE = /^[0-9a-f]{64}$/;

export function isSha256Hex(value: unknown): value is string {
  return typeof value === "string" && HASH_SHAPE.test(value);
}

/** What is stored for a credential or a code: SHA-256, hex. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
