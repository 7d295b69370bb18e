import type { Metadata } from "next";
import { AddPersonDialog } from "@/components/people/add-person-dialog";
import { PeopleTable } from "@/components/people/people-table";
import { getDb } from "@/db/client";
import { listPeople } from "@/db/queries/administrators";
import { listWorkspaceOptions } from "@/db/queries/workspaces";
import { can } from "@/lib/auth/roles";
import { requireAdministrator } from "@/lib/auth/session";
import { passwordSignInOpen } from "@/lib/auth/sso-settings";
import { guardRequest } from "@/lib/db-guard";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const { me, people, workspaces } = await guardRequest(async () => ({
    me: await requireAdministrator(),
    people: await listPeople(getDb()),
    workspaces: await listWorkspaceOptions(getDb()),
  }));
  const canWrite = can(me.role, "write");
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h2 className="text-2xl font-semibold tracking-tight">People</h2>
          <p className="text-sm text-muted-foreground">
            Everyone who signs in: admins change everything, viewers read the dashboard, members use Opik&apos;s web UI only. There is
            always at least one admin.
          </p>
        </div>
        <AddPersonDialog workspaces={workspaces} canWrite={canWrite} />
      </div>
      <PeopleTable people={people} workspaces={workspaces} meId={me.id} canWrite={canWrite} passwordSignInOpen={passwordSignInOpen()} />
    </div>
  );
}
