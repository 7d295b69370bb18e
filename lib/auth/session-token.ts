import { createHash, randomBytes } from "node:crypto";

/**
 * Absolute lifetime of a dashboard session, from sign-in. It is stored in the session's row then;
 * Auth.js renews the cookie's own expiry on use, but that never moves the row's.
 */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** The session's secret, carried only inside the encrypted session cookie: 256 random bits. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the sessions table stores for a token (its id): SHA-256 in hex. See db/schema.ts. */
export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
