import { createHash, randomBytes } from "node:crypto";

/** How long an invitation link works (docs/people-and-roles.md "Invitations"). */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The link's secret: 256 random bits, shown once; only its hash is stored. */
export function newInvitationToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the invitations table stores for a token: SHA-256 in hex (the token has 256 bits, so no salt or slow hash is needed). */
export function invitationTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A well-formed token (what newInvitationToken makes): anything else is not looked up. */
export function looksLikeInvitationToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
