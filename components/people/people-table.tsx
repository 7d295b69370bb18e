import { DateCell } from "@/components/data-table/date-cell";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AuthorizedWorkspaces } from "@/components/workspaces/authorized-workspaces";
import type { PersonRow } from "@/db/queries/administrators";
import type { WorkspaceOption } from "@/db/queries/workspaces";
import { PersonRowActions } from "./person-row-actions";

export function PeopleTable({ people, workspaces, meId, canWrite }: { people: PersonRow[]; workspaces: WorkspaceOption[]; meId: string; canWrite: boolean }) {
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
            <TableCell>{signsInWith(person)}</TableCell>
            <TableCell>
              <DateCell value={person.lastSignInAt} fallback="Never" />
            </TableCell>
            <TableCell>
              <PersonRowActions person={person} workspaces={workspaces} canWrite={canWrite} isYou={person.id === meId} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** "Password", "Single sign-on", both, or "Not yet" for someone added without a password who has not used SSO yet. */
function signsInWith(person: PersonRow): string {
  const ways = [person.hasPassword ? "Password" : null, person.ssoLinked ? "Single sign-on" : null].filter(Boolean);
  return ways.length ? ways.join(", ") : "Single sign-on (not yet used)";
}
