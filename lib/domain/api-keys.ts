import "server-only";
import { getDb } from "@/db/client";
import { deleteApiKeyRow, insertApiKey, MAX_KEYS_PER_ACCOUNT, type ApiKeyDto } from "@/db/queries/api-keys";
import { recordAuditEvent } from "@/db/queries/audit";
import { lockServiceAccount } from "@/db/queries/service-accounts";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "@/lib/db-errors";
import { generateApiKey, hashApiKey, keyHint } from "@/lib/keys";
import type { ActionResult } from "@/lib/validations/action-result";
import type { MutationContext } from "./service-accounts";

export type CreatedApiKey = ApiKeyDto & {
  /** The full key: returned once, to the administrator who created it, and stored nowhere. */
  key: string;
  serviceAccountName: string;
};

const ACCOUNT_GONE = "This service account no longer exists.";

export async function createApiKey(
  input: { serviceAccountId: string; name: string | null },
  ctx: MutationContext,
): Promise<ActionResult<CreatedApiKey>> {
  const key = generateApiKey();
  try {
    return await insertKeyWithAudit(input, key, ctx);
  } catch (error) {
    // Belt and braces: the row lock makes this unlikely, the foreign key makes it impossible to store.
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) return { ok: false, message: ACCOUNT_GONE };
    throw error;
  }
}

function insertKeyWithAudit(
  input: { serviceAccountId: string; name: string | null },
  key: string,
  ctx: MutationContext,
): Promise<ActionResult<CreatedApiKey>> {
  return getDb().transaction(async (tx) => {
    const account = await lockServiceAccount(tx, input.serviceAccountId);
    if (!account) return { ok: false, message: ACCOUNT_GONE };
    if (account.apiKeyCount >= MAX_KEYS_PER_ACCOUNT) {
      return { ok: false, message: `A service account can hold at most ${MAX_KEYS_PER_ACCOUNT} API keys. Delete unused keys first.` };
    }
    const created = await insertApiKey(tx, {
      serviceAccountId: account.id,
      name: input.name,
      hash: hashApiKey(key),
      hint: keyHint(key),
      createdBy: ctx.actor.id,
    });
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "api_key.create",
      targetType: "api_key",
      targetId: created.id,
      targetName: created.name ?? created.hint,
      clientAddress: ctx.clientAddress,
      details: { serviceAccountId: account.id, serviceAccountName: account.name, hint: created.hint },
    });
    return { ok: true, message: "API key created", data: { ...created, key, serviceAccountName: account.name } };
  });
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
