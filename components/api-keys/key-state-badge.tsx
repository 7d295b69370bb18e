import { CircleCheck, CircleOff, CircleX, Hourglass, type LucideIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { KeyStatus } from "@/lib/keys/key-status";

type BadgeLook = { variant: "success" | "muted" | "danger" | "warning" | "destructive"; icon: LucideIcon };

/**
 * Each state of a key its own colour and icon (issue 27), so the list reads at a glance and not by
 * colour alone: active green, disabled grey, expired red, an old key in a roll's grace period amber.
 * A state added later (a key reported leaked, say) takes a look of its own here.
 */
export const KEY_STATE_LOOK: Record<KeyStatus["state"], BadgeLook> = {
  active: { variant: "success", icon: CircleCheck },
  disabled: { variant: "muted", icon: CircleOff },
  expired: { variant: "danger", icon: CircleX },
  expiring: { variant: "warning", icon: Hourglass },
};

export function KeyStateBadge({ status }: { status: Pick<KeyStatus, "state" | "label"> }) {
  const { variant, icon: Icon } = KEY_STATE_LOOK[status.state];
  return (
    <Badge variant={variant} data-testid="key-state" data-state={status.state}>
      <Icon aria-hidden />
      {status.label}
    </Badge>
  );
}
