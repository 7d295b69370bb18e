"use client";
import { Plus } from "lucide-react";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
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
 * The modal's body: the one-time reveal (of Add key's or Roll key's new key), the **Add key** button
 * that opens its form, and the list. The modal remounts it on close, which drops the revealed key
 * with this component's state. `onUnsavedChange` says whether closing should ask first: a key is
 * showing and neither it nor the snippet has been copied.
 */
export function KeysPanel({
  serviceAccountId,
  workspace,
  keys,
  canWrite,
  policy,
  nowMs,
  opikUrl,
  onUnsavedChange,
}: KeysPanelProps & { onUnsavedChange: (unsaved: boolean) => void }) {
  const { reveal, show, copied } = useReveal(onUnsavedChange);
  const [adding, setAdding] = useState(false);
  const addButton = useRef<HTMLButtonElement>(null);
  // Focus goes back to the button that opened the form (after the form unmounts).
  const closeForm = () => {
    setAdding(false);
    requestAnimationFrame(() => addButton.current?.focus());
  };
  return (
    <>
      {reveal ? <RevealedKey reveal={reveal} workspace={workspace} opikUrl={opikUrl} onCopied={copied} onDone={() => show(null)} /> : null}
      {!canWrite ? (
        <p className="rounded-md border bg-muted/40 p-3 text-sm" role="note">
          Read-only: your role is viewer, so you can see these keys but not add, roll, disable or delete them.
        </p>
      ) : adding ? (
        <AddKey
          serviceAccountId={serviceAccountId}
          policy={policy}
          nowMs={nowMs}
          onCancel={closeForm}
          onCreated={(next) => {
            setAdding(false);
            show(next);
          }}
        />
      ) : (
        <div className="flex justify-end">
          <Button ref={addButton} type="button" size="sm" onClick={() => setAdding(true)}>
            <Plus aria-hidden />
            Add key
          </Button>
        </div>
      )}
      <ApiKeyList serviceAccountId={serviceAccountId} keys={keys} canWrite={canWrite} maxLifetimeDays={policy.maxLifetimeDays} nowMs={nowMs} onRolled={show} />
    </>
  );
}
