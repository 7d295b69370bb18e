import { Badge } from "@/components/ui/badge";
import type { ServiceAccountRow } from "@/db/queries/service-accounts";
import { formatDateTime } from "@/lib/format";

/**
 * What needs an administrator's eye on a row: a disabled account, and a key that stops working
 * within 7 days (its date as visible text, so keyboard and screen-reader users get it too).
 */
export function AccountMarks({ account }: { account: Pick<ServiceAccountRow, "disabledAt" | "keyExpiresSoonAt"> }) {
  if (!account.disabledAt && !account.keyExpiresSoonAt) return null;
  return (
    <div className="flex flex-wrap items-center gap-1 pt-0.5">
      {account.disabledAt ? (
        <Badge variant="destructive" title={`Disabled on ${formatDateTime(account.disabledAt)}`}>
          Disabled
        </Badge>
      ) : null}
      {account.keyExpiresSoonAt ? (
        <span className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
          <Badge variant="warning">Key expires soon</Badge>
          <time dateTime={new Date(account.keyExpiresSoonAt).toISOString()}>{formatDateTime(account.keyExpiresSoonAt)}</time>
        </span>
      ) : null}
    </div>
  );
}
