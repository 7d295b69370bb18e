// No "server-only" guard: server.ts loads this for the management API (lib/api), outside Next.js.
import { getDb, type Tx } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit";
import { lockServiceAccount } from "@/db/queries/service-accounts";
import {
  authorizedWorkspaceIdsOf,
  countTrustPolicies,
  deleteTrustPolicyRow,
  findTrustPolicy,
  insertTrustPolicy,
  MAX_POLICIES_PER_ACCOUNT,
  updateTrustPolicyRow,
  workspaceNamesOf,
  type TrustPolicyDto,
  type TrustPolicyValues,
} from "@/db/queries/trust-policies";
import { FOREIGN_KEY_VIOLATION, pgErrorCode } from "@/lib/db-errors";
import { defaultAudience } from "@/lib/token-exchange/settings";
import type { ActionResult } from "@/lib/validations/action-result";
import type { TrustPolicyInput } from "@/lib/validations/trust-policies";
import { ACCOUNT_GONE, type MutationContext } from "./service-accounts";

const POLICY_GONE = "This trusted pipeline no longer exists. It may have been deleted already.";
const NEEDS_ATTENTION = "Some fields need attention.";
const NO_AUDIENCE = "Enter the audience: this service has no public URL (AUTH_URL) to default to";
const WORKSPACE_NOT_AUTHORIZED = "Choose one of the service account's workspaces";

type Account = { id: string; name: string };

/** The stored values of an input: the audience defaulted, the workspace checked against the account's. */
async function valuesOf(tx: Tx, account: Account, input: TrustPolicyInput): Promise<{ ok: true; values: TrustPolicyValues; workspaceName: string | null } | { ok: false; result: ActionResult<never> }> {
  const fieldErrors: Record<string, string[]> = {};
  const audience = input.audience ?? defaultAudience();
  if (!audience) fieldErrors.audience = [NO_AUDIENCE];
  let workspaceName: string | null = null;
  if (input.defaultWorkspaceId) {
    const authorized = await authorizedWorkspaceIdsOf(tx, account.id);
    workspaceName = (await workspaceNamesOf(tx, [input.defaultWorkspaceId])).get(input.defaultWorkspaceId) ?? null;
    if (workspaceName === null || (authorized.length > 0 && !authorized.includes(input.defaultWorkspaceId))) fieldErrors.defaultWorkspaceId = [WORKSPACE_NOT_AUTHORIZED];
  }
  if (Object.keys(fieldErrors).length > 0) {
    const message = Object.keys(fieldErrors).length === 1 ? Object.values(fieldErrors)[0]![0]! : NEEDS_ATTENTION;
    return { ok: false, result: { ok: false, message, fieldErrors } };
  }
  const { serviceAccountId: _id, ...rest } = input;
  return { ok: true, values: { ...rest, audience: audience! }, workspaceName };
}

/** What the audit log keeps of a policy: every field (none is secret), the workspace by name. */
const auditDetails = (account: Account, values: TrustPolicyValues, workspaceName: string | null) => ({
  serviceAccountId: account.id,
  serviceAccountName: account.name,
  issuer: values.issuer,
  audience: values.audience,
  subjects: values.subjects,
  claims: values.claims,
  keyLifetimeMinutes: values.keyLifetimeMinutes,
  scope: values.scope,
  ...(values.permissions ? { permissions: values.permissions } : {}),
  defaultWorkspace: workspaceName,
});

const label = (values: { name: string | null; issuer: string }) => values.name ?? values.issuer;

async function withAccount<T>(serviceAccountId: string, work: (tx: Tx, account: Account) => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await getDb().transaction(async (tx) => {
      const account = await lockServiceAccount(tx, serviceAccountId);
      if (!account) return { ok: false, message: ACCOUNT_GONE };
      return work(tx, account);
    });
  } catch (error) {
    // The account or the workspace went between the check and the write.
    if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) return { ok: false, message: "The service account or the workspace no longer exists. Reload and try again." };
    throw error;
  }
}

/** Add trusted pipeline: the account accepts identity tokens matching it from now on. */
export async function createTrustPolicy(input: TrustPolicyInput, ctx: MutationContext): Promise<ActionResult<TrustPolicyDto>> {
  return withAccount<TrustPolicyDto>(input.serviceAccountId, async (tx, account) => {
    if ((await countTrustPolicies(tx, account.id)) >= MAX_POLICIES_PER_ACCOUNT) {
      return { ok: false, message: `A service account trusts at most ${MAX_POLICIES_PER_ACCOUNT} pipelines. Delete one first.` };
    }
    const checked = await valuesOf(tx, account, input);
    if (!checked.ok) return checked.result;
    const id = await insertTrustPolicy(tx, { ...checked.values, serviceAccountId: account.id, createdBy: ctx.actor.id });
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "trust_policy.create",
      targetType: "trust_policy",
      targetId: id,
      targetName: label(checked.values),
      clientAddress: ctx.clientAddress,
      details: auditDetails(account, checked.values, checked.workspaceName),
    });
    return { ok: true, message: "Trusted pipeline added", data: (await findTrustPolicy(tx, account.id, id))! };
  });
}

/** Edit trusted pipeline: every field replaced (the management API's PATCH merges the stored ones under the sent ones first). */
export async function updateTrustPolicy(input: TrustPolicyInput & { policyId: string }, ctx: MutationContext): Promise<ActionResult<TrustPolicyDto>> {
  return withAccount<TrustPolicyDto>(input.serviceAccountId, async (tx, account) => {
    const before = await findTrustPolicy(tx, account.id, input.policyId);
    if (!before) return { ok: false, message: POLICY_GONE };
    const checked = await valuesOf(tx, account, input);
    if (!checked.ok) return checked.result;
    if (!(await updateTrustPolicyRow(tx, account.id, input.policyId, checked.values))) return { ok: false, message: POLICY_GONE };
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "trust_policy.update",
      targetType: "trust_policy",
      targetId: input.policyId,
      targetName: label(checked.values),
      clientAddress: ctx.clientAddress,
      details: { ...auditDetails(account, checked.values, checked.workspaceName), before: { ...before, defaultWorkspace: before.defaultWorkspace?.name ?? null } },
    });
    return { ok: true, message: "Trusted pipeline saved", data: (await findTrustPolicy(tx, account.id, input.policyId))! };
  });
}

/** Keys already issued through the policy keep working until they expire (or are deleted). */
export async function deleteTrustPolicy(input: { serviceAccountId: string; policyId: string }, ctx: MutationContext): Promise<ActionResult> {
  return withAccount(input.serviceAccountId, async (tx, account) => {
    const deleted = await deleteTrustPolicyRow(tx, account.id, input.policyId);
    if (!deleted) return { ok: false, message: POLICY_GONE };
    await recordAuditEvent(tx, {
      actor: ctx.actor,
      action: "trust_policy.delete",
      targetType: "trust_policy",
      targetId: deleted.id,
      targetName: label(deleted),
      clientAddress: ctx.clientAddress,
      details: { serviceAccountId: account.id, serviceAccountName: account.name, issuer: deleted.issuer },
    });
    return { ok: true, message: "Trusted pipeline deleted; keys it issued work until they expire" };
  });
}
