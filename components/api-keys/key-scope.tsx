import { Badge } from "@/components/ui/badge";
import type { ApiKeyDto } from "@/db/queries/api-keys";
import { PERMISSION_GROUPS, SCOPE_LABELS } from "@/lib/scopes";

const UNLOCKS: Readonly<Record<string, string>> = Object.fromEntries(PERMISSION_GROUPS.flatMap((g) => Object.entries(g.permissions)));

/** A key's scope in the list: a badge with its label (lib/scopes.ts SCOPE_LABELS). */
export function KeyScopeBadge({ apiKey }: { apiKey: Pick<ApiKeyDto, "scope"> }) {
  return (
    <Badge variant="outline" data-testid="key-scope">
      <span className="sr-only">Scope: </span>
      {SCOPE_LABELS[apiKey.scope]}
    </Badge>
  );
}

/** A custom scope's permissions, behind a disclosure (a native details: reachable and opened by keyboard). */
export function CustomPermissions({ apiKey }: { apiKey: Pick<ApiKeyDto, "scope" | "permissions"> }) {
  if (apiKey.scope !== "custom") return null;
  const permissions = apiKey.permissions ?? [];
  return (
    <details className="text-xs" data-testid="key-permissions">
      <summary className="cursor-pointer text-muted-foreground">
        Custom scope: {permissions.length === 1 ? "1 permission" : `${permissions.length} permissions`}
      </summary>
      <ul className="mt-1 grid gap-0.5 pl-4">
        {permissions.map((permission) => (
          <li key={permission}>
            <code>{permission}</code>
            {UNLOCKS[permission] ? <span className="text-muted-foreground">: {UNLOCKS[permission]}</span> : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
