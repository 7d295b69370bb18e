// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Tx } from "@/db/client";
import { deleteApiKeyRow, insertApiKey, MAX_KEYS_PER_ACCOUNT, type ApiKeyDto } from "@/db/queries/api-keys";
import { recordAuditEvent, type Actor } from "@/db/queries/audit";
import { lockKeyPolicy } from "@/db/queries/key-policy";
import { lockServiceAccount } from "@/db/queries/service-accounts";
import { now } from "@/lib/clock";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "@/lib/db-errors";
import { generateApiKey, hashApiKey, keyHint } from "@/lib/keys";
import type { KeyScope } from "@/db/schema";
import type { ActionResult } from "@/lib/validations/action-result";
import type { ExpiryChoice } from "@/lib/validations/key-lifecycle";
import { resolveExpiry } from "./key-expiry";
import type { MutationContext } from "./service-accounts";

export type CreatedApiKey = ApiKeyDto & {
  /** The full key: returned once, to the administrator who created it, and stored nowhere. */
  key: string;
  serviceAccountName: string;
};

export const ACCOUNT_GONE = "This service account no longer exists.";

export type NewKeyInput = {
  serviceAccountId: string;
  name: string | null;
  expires?: ExpiryChoice;
  expiresOn?: string | null;
  /** Full access when absent; `permissions` only for a custom scope (lib/validations/api-keys.ts checked them). */
  scope?: KeyScope;
  permissions?: string[] | null;
};

/** Add key: a new key, revealed once, expiring as chosen (or as the key policy's default). */
export async function createApiKey(input: NewKeyInput, ctx: MutationContext): Promise<ActionResult<CreatedApiKey>> {
  try {
    return await getDb().transaction(async (tx) => {
      const account = await lockServiceAccount(tx, input.serviceAccountId);
      if (!account) return { ok: false, message: ACCOUNT_GONE };
      const expiry = resolveExpiry(input, await lockKeyPolicy(tx), now());
      if (!expiry.ok) return { ok: false, message: expiry.message, fieldErrors: { [expiry.field]: [expiry.message] }, values: { name: input.name ?? "" } };
      const scope = input.scope ?? "full";
      const permissions = scope === "custom" ? (input.permissions ?? []) : null;
      return insertKeyWithAudit(tx, account, { name: input.name, expiresAt: expiry.expiresAt, lifetimeS: expiry.lifetimeS, scope, permissions }, ctx, "api_key.create");
    });
  } catch (error) {
    // Belt and braces: the row lock makes this unlikely, the foreign key makes it impossible to store.
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) return { ok: false, message: ACCOUNT_GONE };
    throw error;
  }
}

/** Inserts a new key of a locked account with its audit event (Add key, and the new key of a roll). */
export async function insertKeyWithAudit(
  tx: Tx,
  account: { id: string; name: string; apiKeyCount: number },
  input: { name: string | null; expiresAt: Date | null; lifetimeS: number | null; scope: KeyScope; permissions: string[] | null; issuedSubject?: string; issuedIssuer?: string },
  // No actor for a key a token exchange mints (lib/domain/token-exchange.ts): the pipeline has no account here.
  ctx: { actor: Actor; clientAddress: string | null },
  action: "api_key.create" | "api_key.roll" | "api_key.exchange",
  details: Record<string, unknown> = {},
): Promise<ActionResult<CreatedApiKey>> {
  if (account.apiKeyCount >= MAX_KEYS_PER_ACCOUNT) {
    return { ok: false, message: `A service account can hold at most ${MAX_KEYS_PER_ACCOUNT} API keys. Delete unused keys first.` };
  }
  const key = generateApiKey();
  const created = await insertApiKey(tx, {
    serviceAccountId: account.id,
    name: input.name,
    hash: hashApiKey(key),
    hint: keyHint(key),
    createdBy: ctx.actor?.id ?? null,
    expiresAt: input.expiresAt,
    lifetimeS: input.lifetimeS,
    scope: input.scope,
    permissions: input.permissions,
    issuedSubject: input.issuedSubject ?? null,
    issuedIssuer: input.issuedIssuer ?? null,
  });
  await recordAuditEvent(tx, {
    actor: ctx.actor,
    action,
    targetType: "api_key",
    targetId: created.id,
    targetName: created.name ?? created.hint,
    clientAddress: ctx.clientAddress,
    details: {
      serviceAccountId: account.id,
      serviceAccountName: account.name,
      hint: created.hint,
      expiresAt: created.expiresAt?.toISOString() ?? null,
      scope: created.scope,
      ...(created.permissions ? { permissions: created.permissions } : {}),
      ...details,
    },
  });
  const message = action === "api_key.roll" ? "API key rolled" : "API key created";
  return { ok: true, message, data: { ...created, key, serviceAccountName: account.name } };
}

/** Takes effect on the next request: verification reads the database every time. */
export async function deleteApiKey(input: { serviceAccountId: string; keyId: string }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx) => {
    const account = await lockServiceAccount(tx, input.serviceAccountId);
    if (!account) return { ok: false, message: ACCOUNT_GONE };
    const deleted = await deleteApiKeyRow(tx, account.id, input.keyId);
    if (!deleted) return { ok: false, message: `This API key does not exist on "${account.name}". It may have been deleted already.` };
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "api_key.delete",
      targetType: "api_key",
      targetId: deleted.id,
      targetName: deleted.name ?? deleted.hint,
      clientAddress: ctx.clientAddress,
      details: { serviceAccountId: account.id, serviceAccountName: account.name, hint: deleted.hint },
    });
    return { ok: true, message: `API key ${deleted.hint} deleted; it stops working now` };
  });
}
