import { Badge } from "@/components/ui/badge";

/** Authorized workspaces of a service account or a person as badges; none means every workspace. */
export function AuthorizedWorkspaces({ list }: { list: { id: string; name: string }[] }) {
  if (list.length === 0) return <span className="text-muted-foreground">All workspaces</span>;
  return (
    <div className="flex max-w-72 flex-wrap gap-1">
      {list.map((w) => (
        <Badge key={w.id} className="whitespace-normal [overflow-wrap:anywhere]">
          {w.name}
        </Badge>
      ))}
    </div>
  );
}
