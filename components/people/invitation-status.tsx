import { DateCell } from "@/components/data-table/date-cell";
import { Badge } from "@/components/ui/badge";
import { now } from "@/lib/clock";

/** A person's open invitation (docs/people-and-roles.md "Invitations"): "Invited" with when its link ends, or that it has ended. */
export function InvitationStatus({ expiresAt }: { expiresAt: Date | null }) {
  if (!expiresAt) return null;
  if (expiresAt.getTime() <= now()) return <Badge variant="outline">Invitation expired</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <Badge variant="outline">Invited</Badge>
      <span className="text-xs text-muted-foreground">
        until <DateCell value={expiresAt} fallback="" />
      </span>
    </span>
  );
}
