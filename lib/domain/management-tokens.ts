// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit";
import {
  findManagementTokenByHash,
  insertManagementToken,
  revokeManagementTokenRow,
  touchManagementToken,
  type ManagementTokenRow,
} from "@/db/queries/management-tokens";
import type { TokenAccess } from "@/db/schema-api";
import { generateManagementToken, hashManagementToken, isManagementToken, tokenHint } from "@/lib/api/token-format";
import { now } from "@/lib/clock";
import type { ActionResult } from "@/lib/validations/action-result";
import type { CreateManagementTokenInput } from "@/lib/validations/management-tokens";
import type { MutationContext } from "./service-accounts";
import { tokenStanding, type CreatorRefusal } from "./token-standing";

const DAY_MS = 24 * 60 * 60 * 1000;
export const TOKEN_GONE = "This token no longer exists or is revoked already.";

/** Create token: the token is in the answer once (the Settings page reveals it), only its hash is stored. */
export async function createManagementToken(
  input: CreateManagementTokenInput,
  ctx: MutationContext,
): Promise<ActionResult<{ token: string; id: string; name: string; hint: string; access: TokenAccess; expiresAt: Date | null }>> {
  const token = generateManagementToken();
  const expiresAt = input.expires === "never" ? null : new Date(now() + Number(input.expires) * DAY_MS);
  return getDb().transaction(async (tx) => {
    const row = await insertManagementToken(tx, {
      name: input.name,
      access: input.access,
      hash: hashManagementToken(token),
      hint: tokenHint(token),
      createdBy: ctx.actor.id,
      createdByEmail: ctx.actor.email,
      expiresAt,
    });
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "management_token.create",
      targetType: "management_token",
      targetId: row.id,
      targetName: row.name,
      clientAddress: ctx.clientAddress,
      details: { access: row.access, expiresAt: expiresAt?.toISOString() ?? null, hint: row.hint },
    });
    return { ok: true, message: `Token "${row.name}" created. Copy it now: it is not shown again.`, data: { token, id: row.id, name: row.name, hint: row.hint, access: row.access, expiresAt } };
  });
}

/** Revoke token: refused on its next request, at once (every request reads the token's row). */
export async function revokeManagementToken(input: { id: string }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx) => {
    const row = await revokeManagementTokenRow(tx, input.id, new Date(now()));
    if (!row) return { ok: false, message: TOKEN_GONE };
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "management_token.revoke",
      targetType: "management_token",
      targetId: row.id,
      targetName: row.name,
      clientAddress: ctx.clientAddress,
      details: { access: row.access, hint: row.hint },
    });
    return { ok: true, message: `Token "${row.name}" revoked: it is refused from now on` };
  });
}

export type TokenRefusal = "malformed" | "unknown" | "revoked" | "expired" | CreatorRefusal;
/** `access` is what the token may do now: Write only while its creator is still an admin (token-standing.ts). */
export type AuthenticatedToken = ManagementTokenRow & { createdBy: string };

/** The token of an API request: its shape without I/O, then one read by hash; "Last used" at most once a minute. */
export async function authenticateManagementToken(token: string): Promise<{ ok: true; token: AuthenticatedToken } | { ok: false; reason: TokenRefusal }> {
  if (!isManagementToken(token)) return { ok: false, reason: "malformed" };
  const row = await findManagementTokenByHash(getDb(), hashManagementToken(token));
  if (!row) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  const at = now();
  if (row.expiresAt && row.expiresAt.getTime() <= at) return { ok: false, reason: "expired" };
  // A token acts for the person who created it: never more than they may do today.
  const { creatorRole, creatorDisabledAt, ...stored } = row;
  const standing = tokenStanding(stored.access, { role: row.createdBy ? creatorRole : null, disabledAt: creatorDisabledAt });
  if (!standing.ok) return standing;
  await touchManagementToken(getDb(), row.id, new Date(at));
  return { ok: true, token: { ...stored, createdBy: row.createdBy!, access: standing.access } };
}

/**
 * Who an API request acts as: the person who created the token (their id, so "created by" and the
 * audit log's actor point at a person), named in the audit log as the token with its hint.
 */
export function tokenActor(token: Pick<AuthenticatedToken, "createdBy" | "name" | "hint" | "createdByEmail">): { id: string; email: string } {
  return { id: token.createdBy, email: `token "${token.name}" (${token.hint}) of ${token.createdByEmail}` };
}
