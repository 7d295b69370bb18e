import { Badge } from "@/components/ui/badge";
import { ACTIONS_CELL, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuthorizedWorkspaces } from "@/components/workspaces/authorized-workspaces";
import type { GroupMappingRow } from "@/db/queries/sso-mappings";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { AddMappingDialog, MappingRowActions } from "./group-mapping-dialogs";

/**
 * Single sign-on group mappings (README "Single sign-on"), in the order they apply. With none,
 * single sign-on gives new people AUTH_OIDC_NEW_PEOPLE's role; with any, people's groups decide.
 */
export function GroupMappings({ mappings, workspaces, canWrite, ssoConfigured }: { mappings: GroupMappingRow[]; workspaces: WorkspaceOption[]; canWrite: boolean; ssoConfigured: boolean }) {
  return (
    <section className="grid gap-4 rounded-lg border p-4" aria-labelledby="group-mappings-heading">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h3 id="group-mappings-heading" className="text-lg font-semibold">
            Group mappings
          </h3>
          <p className="text-sm text-muted-foreground">
            Single sign-on: a group at the identity provider gives a role and workspaces. At every sign-in a person gets the highest role their
            groups give, the workspaces of all of them, and the default of the first mapping listed that has one. Once any mapping exists,
            someone none of whose groups is mapped is refused and signed out everywhere.
          </p>
          {ssoConfigured ? null : (
            <p className="text-sm text-muted-foreground" data-testid="sso-not-configured">
              Single sign-on is not configured (AUTH_OIDC_ISSUER): mappings apply once it is.
            </p>
          )}
        </div>
        <AddMappingDialog workspaces={workspaces} canWrite={canWrite} />
      </div>
      {mappings.length === 0 ? (
        <p className="text-sm text-muted-foreground">No mappings: people who sign in with single sign-on keep the role and workspaces set on the People page.</p>
      ) : (
        <Table aria-label="Group mappings">
          <TableHeader>
            <TableRow>
              <TableHead>Group</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Default workspace</TableHead>
              <TableHead>Workspaces</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {mappings.map((m) => (
              <TableRow key={m.id}>
                <TableCell className="font-medium break-all">{m.group}</TableCell>
                <TableCell>
                  <Badge variant="outline">{m.role}</Badge>
                </TableCell>
                <TableCell>{m.defaultWorkspace?.name ?? <span className="text-muted-foreground">None</span>}</TableCell>
                <TableCell>
                  <AuthorizedWorkspaces list={m.workspaces} />
                </TableCell>
                <TableCell className={ACTIONS_CELL}>
                  <MappingRowActions mapping={m} workspaces={workspaces} canWrite={canWrite} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
