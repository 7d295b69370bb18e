import type { Role } from "@/db/schema";
import type { TokenAccess } from "@/db/schema-api";
import { can } from "@/lib/auth/roles";

/**
 * What a management token may do today (issue 23): never more than the person who created it may
 * do in the dashboard now. Admin → the token's stored access; viewer → read only; member (no
 * dashboard at all), disabled or removed → refused on every endpoint. Pure: the API's check
 * (management-tokens.ts) and the Settings list decide with the same rule.
 */
export type CreatorRefusal = "creator_gone" | "creator_disabled" | "creator_member";
export type TokenStanding = { ok: true; access: TokenAccess } | { ok: false; reason: CreatorRefusal };
/** The creator as the token's row joins them: role null once they are removed. */
export type TokenCreator = { role: Role | null; disabledAt: Date | null };

export function tokenStanding(stored: TokenAccess, creator: TokenCreator): TokenStanding {
  if (!creator.role) return { ok: false, reason: "creator_gone" };
  if (creator.disabledAt) return { ok: false, reason: "creator_disabled" };
  if (can(creator.role, "write")) return { ok: true, access: stored };
  if (can(creator.role, "read")) return { ok: true, access: "read" };
  return { ok: false, reason: "creator_member" };
}

const NOT_WORKING: Record<CreatorRefusal, string> = {
  creator_gone: "Not working — creator was removed",
  creator_disabled: "Not working — creator is disabled",
  creator_member: "Not working — creator is a member",
};

/** The Settings list's Status: revoked and expired first, then what the creator's role leaves of it. */
export function tokenStatus(
  token: { access: TokenAccess; revokedAt: Date | null; expiresAt: Date | null; creatorRole: Role | null; creatorDisabledAt: Date | null },
  nowMs: number,
): string {
  if (token.revokedAt) return "Revoked";
  if (token.expiresAt && token.expiresAt.getTime() <= nowMs) return "Expired";
  const standing = tokenStanding(token.access, { role: token.creatorRole, disabledAt: token.creatorDisabledAt });
  if (!standing.ok) return NOT_WORKING[standing.reason];
  return standing.access === token.access ? "Active" : "Read only while creator is a viewer";
}
