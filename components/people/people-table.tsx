import { DateCell } from "@/components/data-table/date-cell";
import { Badge } from "@/components/ui/badge";
import { ACTIONS_CELL, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuthorizedWorkspaces } from "@/components/workspaces/authorized-workspaces";
import type { PersonRow } from "@/db/queries/administrators";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { signsInWith } from "@/lib/auth/sign-in-ways";
import { InvitationStatus } from "./invitation-status";
import { PersonRowActions } from "./person-row-actions";

export function PeopleTable({
  people,
  workspaces,
  meId,
  canWrite,
  passwordSignInOpen,
}: {
  people: PersonRow[];
  workspaces: WorkspaceOption[];
  meId: string;
  canWrite: boolean;
  /** AUTH_PASSWORD_SIGN_IN: how each person may sign in depends on it. */
  passwordSignInOpen: boolean;
}) {
  return (
    <Table aria-label="People">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Default workspace</TableHead>
          <TableHead>Authorized workspaces</TableHead>
          <TableHead>Signs in with</TableHead>
          <TableHead>Last sign-in</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {people.map((person) => (
          <TableRow key={person.id}>
            <TableCell className="font-medium">{person.name}</TableCell>
            <TableCell>
              {person.email} {person.id === meId ? <Badge variant="outline">you</Badge> : null}
              {person.disabledAt ? <Badge variant="secondary">Disabled</Badge> : null}
              <InvitationStatus expiresAt={person.invitationExpiresAt} />
            </TableCell>
            <TableCell>
              {person.role}{" "}
              {person.groupsManaged ? (
                <Badge variant="outline" title="Role and workspaces follow their groups at the identity provider (Settings, Group mappings)">
                  Managed by group mappings
                </Badge>
              ) : null}
            </TableCell>
            <TableCell>{person.defaultWorkspace?.name ?? <span className="text-muted-foreground">None</span>}</TableCell>
            <TableCell>
              <AuthorizedWorkspaces list={person.authorizedWorkspaces} />
            </TableCell>
            <TableCell>{signsInWith(person, passwordSignInOpen)}</TableCell>
            <TableCell>
              <DateCell value={person.lastSignInAt} fallback="Never" />
            </TableCell>
            <TableCell className={ACTIONS_CELL}>
              <PersonRowActions person={person} workspaces={workspaces} canWrite={canWrite} isYou={person.id === meId} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
