"use client";
import { CornerDownRight } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ApiKeyDto } from "@/db/queries/api-keys";
import { formatDateTime } from "@/lib/format";
import { orderWithPredecessors, type OrderedKey } from "@/lib/keys/key-order";
import { keyStatus, type KeyStatus } from "@/lib/keys/key-status";
import { keyState } from "@/lib/keys/lifecycle";
import { cn } from "@/lib/utils";
import { DeleteKey, DisableKey, EnableKey, EndGracePeriod } from "./key-actions";
import { CustomPermissions, KeyScopeBadge } from "./key-scope";
import { KeyStateBadge } from "./key-state-badge";
import type { Reveal } from "./revealed-key";
import { RollKeyDialog } from "./roll-key-dialog";

type ListProps = {
  serviceAccountId: string;
  keys: ApiKeyDto[];
  canWrite: boolean;
  /** The key policy's maximum lifetime: it ends older keys too (lib/keys/lifecycle.ts, as lib/verify decides). */
  maxLifetimeDays: number | null;
  /** When the page was rendered (lib/clock.ts on the server), so server and browser draw the same states. */
  nowMs: number;
  onRolled: (reveal: Reveal) => void;
};

/** Every key with its state, expiry, scope and last use; a rolled key sits right after the key that replaced it. */
export function ApiKeyList({ keys, maxLifetimeDays, nowMs, ...rest }: ListProps) {
  if (keys.length === 0) {
    // A viewer cannot add one: not told to.
    return <p className="text-sm text-muted-foreground">{rest.canWrite ? "No API keys yet. Add one to let a system authenticate as this account." : "No API keys yet."}</p>;
  }
  const statusOf = (key: ApiKeyDto) => keyStatus(keyState(key, maxLifetimeDays, nowMs), nowMs);
  return (
    <ul className="grid divide-y rounded-md border" aria-label="API keys">
      {orderWithPredecessors(keys).map((entry) => {
        const status = statusOf(entry.key);
        // Rolling again is refused while the key this one replaced still works (lib/domain/key-lifecycle.ts).
        const waits = entry.replaces !== null && statusOf(entry.replaces).state === "expiring";
        const canRoll = entry.key.rolledToKeyId === null && status.state !== "disabled" && !waits;
        return <KeyItem key={entry.key.id} entry={entry} status={status} canRoll={canRoll} waits={waits} {...rest} />;
      })}
    </ul>
  );
}

function KeyItem({
  entry: { key, replaces, replacedBy },
  status,
  canRoll,
  waits,
  serviceAccountId,
  canWrite,
  onRolled,
}: Omit<ListProps, "keys" | "maxLifetimeDays" | "nowMs"> & { entry: OrderedKey<ApiKeyDto>; status: KeyStatus; canRoll: boolean; waits: boolean }) {
  const props = { serviceAccountId, apiKey: key, canWrite };
  return (
    <li className={cn("grid gap-2 p-3", replacedBy && "bg-muted/40 pl-8")} data-state={status.state}>
      <div className="grid min-w-0 gap-0.5 text-sm">
        <span className="flex min-w-0 flex-wrap items-center gap-2">
          {replacedBy ? <CornerDownRight className="size-4 text-muted-foreground" aria-hidden /> : null}
          <span className="truncate font-medium">{key.name ?? "Unnamed key"}</span>
          <KeyStateBadge status={status} />
          {status.detail ? (
            <Badge variant={status.soon && status.state !== "expiring" ? "warning" : "outline"} data-testid="key-expiry">
              {status.detail}
            </Badge>
          ) : null}
          <KeyScopeBadge apiKey={key} />
        </span>
        <code className="text-xs text-muted-foreground" data-testid="key-hint">
          {key.hint}
        </code>
        <CustomPermissions apiKey={key} />
        <span className="text-xs text-muted-foreground">
          Created {formatDateTime(key.createdAt)} · {key.lastUsedAt ? `Last used ${formatDateTime(key.lastUsedAt)}` : "Never used"}
        </span>
        {replaces ? (
          <span className="text-xs text-muted-foreground">
            Replaces {replaces.hint} (rolled); its last use is shown below.{waits ? " Roll key returns once that key has stopped working." : ""}
          </span>
        ) : null}
        {replacedBy ? <span className="text-xs text-muted-foreground">Rolled: replaced by {replacedBy.hint}, listed above.</span> : null}
      </div>
      <div className="flex flex-wrap gap-1">
        {canRoll ? <RollKeyDialog {...props} onRolled={onRolled} /> : null}
        {status.state === "expiring" ? <EndGracePeriod {...props} /> : null}
        {status.state === "active" ? <DisableKey {...props} /> : status.state === "disabled" ? <EnableKey {...props} /> : null}
        <DeleteKey {...props} />
      </div>
    </li>
  );
}
