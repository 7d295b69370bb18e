"use client";
import type { ApiKeyDto } from "@/db/queries/api-keys";
import type { KeyPolicyLimits } from "@/lib/validations/expiry-options";
import { AddKey } from "./add-key";
import { ApiKeyList } from "./key-list";
import { RevealedKey } from "./revealed-key";
import { useReveal } from "./use-reveal";

export type KeysPanelProps = {
  serviceAccountId: string;
  workspace: string | null;
  keys: ApiKeyDto[];
  canWrite: boolean;
  policy: KeyPolicyLimits;
  nowMs: number;
  /** OPIK_URL: the Opik API URL for the reveal's snippet (a placeholder when null). */
  opikUrl: string | null;
};

/**
 * The modal's body: the one-time reveal (of Add key's or Roll key's new key), Add key and the list.
 * The modal remounts it on close, which drops the revealed key with this component's state.
 */
export function KeysPanel({ serviceAccountId, workspace, keys, canWrite, policy, nowMs, opikUrl, onRevealChange }: KeysPanelProps & { onRevealChange: (showing: boolean) => void }) {
  const { reveal, show } = useReveal(onRevealChange);
  return (
    <>
      {reveal ? <RevealedKey reveal={reveal} workspace={workspace} opikUrl={opikUrl} onDone={() => show(null)} /> : null}
      {canWrite ? (
        <AddKey serviceAccountId={serviceAccountId} policy={policy} nowMs={nowMs} onCreated={show} />
      ) : (
        <p className="rounded-md border bg-muted/40 p-3 text-sm" role="note">
          Read-only: your role is viewer, so you can see these keys but not add, roll, disable or delete them.
        </p>
      )}
      <ApiKeyList serviceAccountId={serviceAccountId} keys={keys} canWrite={canWrite} maxLifetimeDays={policy.maxLifetimeDays} nowMs={nowMs} onRolled={show} />
    </>
  );
}
