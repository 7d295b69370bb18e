// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Tx } from "@/db/client";
import { findRolledFrom, lockApiKey, updateApiKeyLife, type ApiKeyDto } from "@/db/queries/api-keys";
import { recordAuditEvent } from "@/db/queries/audit";
import { countKeysEndedByLifetime, lockKeyPolicy, writeKeyPolicy, type KeyPolicyDto } from "@/db/queries/key-policy";
import { lockServiceAccount } from "@/db/queries/service-accounts";
import { now } from "@/lib/clock";
import { firstEnd, keyState } from "@/lib/keys/lifecycle";
import type { ActionResult } from "@/lib/validations/action-result";
import { GRACE_LABELS, GRACE_PERIODS, type GracePeriod } from "@/lib/validations/key-lifecycle";
import { ACCOUNT_GONE, insertKeyWithAudit, type CreatedApiKey } from "./api-keys";
import type { MutationContext } from "./service-accounts";

/**
 * A key's life after Add key (README "Key lifecycle"): Disable/Enable key, Roll key with a grace
 * period, End grace period now, and the key policy. Each takes effect on the next check (lib/verify
 * reads these columns on every check) and writes its audit event in the same transaction.
 */
type KeyRef = { serviceAccountId: string; keyId: string };
const label = (key: ApiKeyDto) => (key.name ? `"${key.name}" (${key.hint})` : key.hint);
const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The account and the key, both locked; a stale form (either gone, or the key of another account) gets a message. */
async function lockBoth(tx: Tx, input: KeyRef) {
  const account = await lockServiceAccount(tx, input.serviceAccountId);
  if (!account) return { ok: false as const, message: ACCOUNT_GONE };
  const key = await lockApiKey(tx, account.id, input.keyId);
  if (!key) return { ok: false as const, message: `This API key does not exist on "${account.name}". It may have been deleted.` };
  return { ok: true as const, account, key };
}

async function audit(tx: Tx, ctx: MutationContext, action: string, key: ApiKeyDto, account: { id: string; name: string }, details: Record<string, unknown> = {}) {
  await recordAuditEvent(tx, {
    actor: ctx.actor,
    action,
    targetType: "api_key",
    targetId: key.id,
    targetName: key.name ?? key.hint,
    clientAddress: ctx.clientAddress,
    details: { serviceAccountId: account.id, serviceAccountName: account.name, hint: key.hint, ...details },
  });
}

/** Disable key / Enable key. Doing what is already so is a no-op that says so (no audit event). */
export async function setApiKeyDisabled(input: KeyRef & { disabled: boolean }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx): Promise<ActionResult> => {
    const found = await lockBoth(tx, input);
    if (!found.ok) return found;
    const { account, key } = found;
    if ((key.disabledAt !== null) === input.disabled) return { ok: true, message: `API key ${label(key)} is already ${input.disabled ? "disabled" : "enabled"}` };
    await updateApiKeyLife(tx, key.id, { disabledAt: input.disabled ? new Date(now()) : null });
    await audit(tx, ctx, input.disabled ? "api_key.disable" : "api_key.enable", key, account);
    return { ok: true, message: input.disabled ? `API key ${label(key)} disabled; it is refused from now on` : `API key ${label(key)} enabled` };
  });
}

/**
 * Roll key: a new key (revealed once) with the old one's name and expiry rule (a lifetime counts
 * again from now, a fixed date or Never stay), capped by the key policy; the old key keeps working
 * for the grace period and is refused after. Refused while a grace period of this key runs
 * (it was rolled already, or it is the new key of a roll whose old key still works).
 */
export async function rollApiKey(input: KeyRef & { grace: GracePeriod }, ctx: MutationContext): Promise<ActionResult<CreatedApiKey>> {
  return getDb().transaction(async (tx): Promise<ActionResult<CreatedApiKey>> => {
    const found = await lockBoth(tx, input);
    if (!found.ok) return found;
    const { account, key } = found;
    const at = now();
    const policy = await lockKeyPolicy(tx);
    const state = keyState(key, policy.maxLifetimeDays, at);
    if (key.rolledToKeyId !== null) {
      return { ok: false, message: `API key ${label(key)} was rolled already${state.state === "expiring" ? `; it keeps working until ${when(state.endsAt)}` : ""}. Roll its new key instead.` };
    }
    if (state.state === "disabled") return { ok: false, message: `API key ${label(key)} is disabled: enable it first, or add a new key` };
    const predecessor = await findRolledFrom(tx, account.id, key.id);
    const predecessorEnd = predecessor ? firstEnd(predecessor, policy.maxLifetimeDays) : null;
    if (predecessor && predecessorEnd && predecessorEnd.at > at) {
      return {
        ok: false,
        message: `The key this one replaced (${predecessor.hint}) still works until ${when(new Date(predecessorEnd.at))}. End that grace period first, then roll again.`,
      };
    }
    const expiry = inheritedExpiry(key, policy, at);
    const created = await insertKeyWithAudit(tx, account, { name: key.name, ...expiry, scope: key.scope, permissions: key.permissions }, ctx, "api_key.roll", { rolledFromKeyId: key.id, rolledFromHint: key.hint, grace: input.grace });
    if (!created.ok || !created.data) return created;
    const graceEndsAt = new Date(at + GRACE_PERIODS[input.grace]);
    await updateApiKeyLife(tx, key.id, { graceEndsAt, rolledToKeyId: created.data.id });
    const message = input.grace === "now" ? `API key rolled: ${key.hint} stops working now` : `API key rolled: ${key.hint} keeps working for ${GRACE_LABELS[input.grace]}`;
    return { ok: true, message, data: created.data };
  });
}

function inheritedExpiry(key: ApiKeyDto, policy: KeyPolicyDto, at: number): { expiresAt: Date | null; lifetimeS: number | null } {
  const cap = policy.maxLifetimeDays === null ? null : at + policy.maxLifetimeDays * 24 * 60 * 60 * 1000;
  const own = key.lifetimeS !== null ? at + key.lifetimeS * 1000 : (key.expiresAt?.getTime() ?? null);
  const end = own === null ? cap : cap === null ? own : Math.min(own, cap);
  return { expiresAt: end === null ? null : new Date(end), lifetimeS: key.lifetimeS };
}

/** End grace period now: the old key of a roll is refused from this instant. */
export async function endGracePeriod(input: KeyRef, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx): Promise<ActionResult> => {
    const found = await lockBoth(tx, input);
    if (!found.ok) return found;
    const { account, key } = found;
    const at = now();
    if (!key.graceEndsAt || key.graceEndsAt.getTime() <= at) return { ok: false, message: `API key ${label(key)} has no grace period running.` };
    await updateApiKeyLife(tx, key.id, { graceEndsAt: new Date(at) });
    await audit(tx, ctx, "api_key.end_grace", key, account, { graceEndedEarlyFrom: key.graceEndsAt.toISOString() });
    return { ok: true, message: `API key ${label(key)} stops working now` };
  });
}

/** Settings page: the key policy (its schema checked the two values against each other). */
export async function setKeyPolicy(input: { maxLifetimeDays: number | null; defaultExpiryDays: number | null }, ctx: MutationContext): Promise<ActionResult> {
  return getDb().transaction(async (tx): Promise<ActionResult> => {
    const before = await lockKeyPolicy(tx);
    if (before.maxLifetimeDays === input.maxLifetimeDays && before.defaultExpiryDays === input.defaultExpiryDays) return { ok: true, message: "Key policy unchanged" };
    await writeKeyPolicy(tx, { ...input, updatedBy: ctx.actor.id });
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "key_policy.update",
      targetType: "key_policy",
      targetId: "1",
      targetName: "Key policy",
      clientAddress: ctx.clientAddress,
      details: { before: { maxLifetimeDays: before.maxLifetimeDays, defaultExpiryDays: before.defaultExpiryDays }, after: input },
    });
    return { ok: true, message: "Key policy saved; the maximum lifetime applies to every key from the next check" };
  });
}

/**
 * Before a key policy is saved (Settings asks to confirm when this is above 0): how many working
 * keys the new maximum lifetime ends at once, being older than it. 0 when it is not lowered.
 */
export async function previewKeyPolicy(input: { maxLifetimeDays: number | null }): Promise<{ endsAtOnce: number }> {
  if (input.maxLifetimeDays === null) return { endsAtOnce: 0 };
  return { endsAtOnce: await countKeysEndedByLifetime(getDb(), input.maxLifetimeDays, new Date(now())) };
}
