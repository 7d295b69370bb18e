"use client";
import { Ban, CirclePlay, TimerOff, Trash2, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { SubmitButton } from "@/components/forms/submit-button";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { viewerReason } from "@/lib/auth/roles";
import type { ApiKeyDto } from "@/db/queries/api-keys";
import { deleteApiKey, endGracePeriodAction, setApiKeyDisabledAction } from "@/lib/actions/api-keys";
import { formatDateTime } from "@/lib/format";
import type { ActionResult, ActionState } from "@/lib/validations/action-result";
import { keyLabel } from "./key-label";

type KeyActionProps = { serviceAccountId: string; apiKey: ApiKeyDto; canWrite: boolean };

/** A row button whose accessible name names the key ("Disable key "deploy" (opsa_…)"). */
function KeyButton({ icon: Icon, text, apiKey, destructive, ...props }: React.ComponentProps<typeof Button> & { icon: LucideIcon; text: string; apiKey: ApiKeyDto; destructive?: boolean }) {
  return (
    <Button variant="ghost" size="sm" className={destructive ? "text-destructive" : undefined} aria-label={`${text} ${keyLabel(apiKey)}`} {...props}>
      <Icon aria-hidden />
      {text}
    </Button>
  );
}

/** A confirmation (AlertDialog) naming the key and the consequence, then the action. */
function ConfirmKeyAction({
  serviceAccountId,
  apiKey,
  canWrite,
  icon,
  text,
  title,
  description,
  action,
  extra = {},
}: KeyActionProps & {
  icon: LucideIcon;
  text: string;
  title: string;
  description: string;
  action: (prev: ActionState, payload: FormData) => Promise<ActionResult>;
  extra?: Record<string, string>;
}) {
  const [open, setOpen] = useState(false);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={<KeyButton icon={icon} text={text} apiKey={apiKey} destructive disabledReason={viewerReason(canWrite)} />}
      title={title}
      description={description}
      action={action}
      fields={{ serviceAccountId, keyId: apiKey.id, ...extra }}
      confirmLabel={text}
    />
  );
}

export function DisableKey(props: KeyActionProps) {
  return (
    <ConfirmKeyAction
      {...props}
      icon={Ban}
      text="Disable key"
      title={`Disable API key ${keyLabel(props.apiKey)}?`}
      description="Requests with this key are refused from the next one on, until you enable it again. Nothing is deleted."
      action={setApiKeyDisabledAction}
      extra={{ disabled: "true" }}
    />
  );
}

/** Enabling takes nothing away: no confirmation. */
export function EnableKey({ serviceAccountId, apiKey, canWrite }: KeyActionProps) {
  const { pending, onSubmit, onChange } = useActionForm(setApiKeyDisabledAction);
  return (
    <form onSubmit={onSubmit} onChange={onChange}>
      <input type="hidden" name="serviceAccountId" value={serviceAccountId} />
      <input type="hidden" name="keyId" value={apiKey.id} />
      <input type="hidden" name="disabled" value="false" />
      <SubmitButton variant="ghost" size="sm" pending={pending} disabledReason={viewerReason(canWrite)} aria-label={`Enable key ${keyLabel(apiKey)}`}>
        <CirclePlay aria-hidden />
        Enable key
      </SubmitButton>
    </form>
  );
}

export function EndGracePeriod(props: KeyActionProps) {
  const used = props.apiKey.lastUsedAt ? `it was last used ${formatDateTime(props.apiKey.lastUsedAt)}` : "it was never used";
  return (
    <ConfirmKeyAction
      {...props}
      icon={TimerOff}
      text="End grace period now"
      title={`End the grace period of ${keyLabel(props.apiKey)}?`}
      description={`This old key is refused from now on, instead of at the end of its grace period; ${used}. Systems still using it stop working until they use the new key.`}
      action={endGracePeriodAction}
    />
  );
}

export function DeleteKey(props: KeyActionProps) {
  return (
    <ConfirmKeyAction
      {...props}
      icon={Trash2}
      text="Delete key"
      title={`Delete API key ${keyLabel(props.apiKey)}?`}
      description="The key stops working immediately: the next request that uses it is refused. This cannot be undone."
      action={deleteApiKey}
    />
  );
}
