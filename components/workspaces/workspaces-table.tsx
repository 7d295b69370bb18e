import { ACTIONS_CELL, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import type { WorkspaceDto } from "@/db/queries/workspaces";
import { formatDateTime } from "@/lib/format";
import { OPIK_DEFAULT_WORKSPACE_ID } from "@/lib/validations/workspaces";
import { CopyButton } from "./copy-button";
import { WorkspaceRowActions } from "./delete-workspace-dialog";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 service accounts, 1 person" (both counts always shown, so a zero is visible too). */
export const usageOf = (w: Pick<WorkspaceDto, "serviceAccountCount" | "personCount">) =>
  `${plural(w.serviceAccountCount, "service account", "service accounts")}, ${plural(w.personCount, "person", "people")}`;

export function WorkspacesTable({ workspaces, canWrite }: { workspaces: WorkspaceDto[]; canWrite: boolean }) {
  return (
    <Table aria-label="Workspaces">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Workspace id</TableHead>
          <TableHead>Used by</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {workspaces.length === 0 ? (
          <TableRow>
            <TableCell colSpan={5} className="py-10 text-center text-muted-foreground">
              No workspaces yet. Create one for each team or environment whose data Opik keeps apart.
            </TableCell>
          </TableRow>
        ) : (
          workspaces.map((w) => (
            <TableRow key={w.id}>
              <TableCell className="font-medium">{w.name}</TableCell>
              <TableCell>
                <span className="flex flex-wrap items-center gap-1">
                  <code className="text-xs">{w.id}</code>
                  <CopyButton value={w.id} label={`Copy id of ${w.name}`} />
                  {w.id === OPIK_DEFAULT_WORKSPACE_ID ? (
                    <Badge variant="outline" title="Holds what Opik logged before authentication was on">
                      Opik&apos;s built-in workspace
                    </Badge>
                  ) : null}
                </span>
              </TableCell>
              <TableCell className="whitespace-nowrap">{usageOf(w)}</TableCell>
              <TableCell>{formatDateTime(w.createdAt)}</TableCell>
              <TableCell className={ACTIONS_CELL}>
                <WorkspaceRowActions workspace={w} canWrite={canWrite} />
              </TableCell>
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
