import type { Role } from "@/db/schema";
import type { GroupMapping } from "@/db/queries/sso-mappings";

/**
 * Group mappings of single sign-on (issue 16, README "Single sign-on"): what a person's groups at
 * the identity provider give them here. Pure functions; lib/domain/sso-mappings.ts applies them at
 * every single sign-on.
 */

/** One mapping, in the Settings page's order (defined beside its query). */
export type { GroupMapping };

/** What the matching mappings give: the highest role, the union of workspaces ("all" when one gives every workspace), a default, and See unmasked data when any gives it. */
export type GroupAccess = { role: Role; workspaceIds: string[] | "all"; defaultWorkspaceId: string | null; seeUnmasked: boolean; groups: string[] };

const RANK: Record<Role, number> = { member: 0, viewer: 1, admin: 2 };
/** A group name longer than this is no group anyone maps; it is skipped, not an error. */
const MAX_GROUP_NAME = 256;

/**
 * The groups in the ID token's claim `claim`: a list of names. An absent claim is no groups; a
 * claim that is not a list (a string, an object, a number) is refused, never guessed at. Entries
 * that are not names (not strings, empty, over 256 characters) are skipped; names are kept exactly
 * as sent (the provider's spelling, odd characters included) and matched exactly.
 */
export function groupsFromClaims(claims: Record<string, unknown>, claim: string): { ok: true; groups: string[] } | { ok: false; reason: "groups_not_a_list" } {
  if (!Object.hasOwn(claims, claim) || claims[claim] === undefined || claims[claim] === null) return { ok: true, groups: [] };
  const value = claims[claim];
  if (!Array.isArray(value)) return { ok: false, reason: "groups_not_a_list" };
  const groups = new Set<string>();
  for (const entry of value) if (typeof entry === "string" && entry !== "" && entry.length <= MAX_GROUP_NAME) groups.add(entry);
  return { ok: true, groups: [...groups] };
}

/**
 * What `groups` give under `mappings` (in their order), or null when no group is mapped (the
 * sign-in is refused then). Role: the highest any matching mapping gives. Workspaces: the union,
 * or every workspace when a matching mapping gives every workspace. Default workspace: that of
 * the first matching mapping that has one (it is among the union: a mapping's default is one of
 * its own workspaces, or it gives every workspace).
 */
export function resolveGroupMappings(groups: readonly string[], mappings: readonly GroupMapping[]): GroupAccess | null {
  const held = new Set(groups);
  const matching = mappings.filter((m) => held.has(m.group));
  if (matching.length === 0) return null;
  let role: Role = matching[0]!.role;
  for (const m of matching) if (RANK[m.role] > RANK[role]) role = m.role;
  const every = matching.some((m) => m.workspaceIds.length === 0);
  const union = [...new Set(matching.flatMap((m) => m.workspaceIds))];
  const defaultWorkspaceId = matching.find((m) => m.defaultWorkspaceId !== null)?.defaultWorkspaceId ?? null;
  // Like role and workspaces, the most any matching mapping gives: unmasked when one says so.
  const seeUnmasked = matching.some((m) => m.seeUnmasked !== false);
  return { role, workspaceIds: every ? "all" : union, defaultWorkspaceId, seeUnmasked, groups: [...new Set(matching.map((m) => m.group))] };
}
