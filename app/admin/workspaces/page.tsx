import type { Metadata } from "next";
import { CreateWorkspaceDialog } from "@/components/workspaces/create-workspace-dialog";
import { WorkspacesTable } from "@/components/workspaces/workspaces-table";
import { getDb } from "@/db/client";
import { findWorkspaceById, listWorkspaces } from "@/db/queries/workspaces";
import { can } from "@/lib/auth/roles";
import { requireAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";
import { OPIK_DEFAULT_WORKSPACE_ID } from "@/lib/validations/workspaces";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  // A database that does not answer in time is the error page, not a hang (lib/db-guard.ts).
  const { admin, workspaces, opikDefault } = await guardRequest(async () => ({
    admin: await requireAdministrator(),
    workspaces: await listWorkspaces(getDb()),
    // Looked up by id: the list stops at WORKSPACE_LIST_LIMIT names.
    opikDefault: await findWorkspaceById(getDb(), OPIK_DEFAULT_WORKSPACE_ID),
  }));
  const canWrite = can(admin.role, "write");
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h2 className="text-2xl font-semibold tracking-tight">Workspaces</h2>
          <p className="text-sm text-muted-foreground">
            Service accounts and people can be limited to some workspaces and given a default one.
          </p>
        </div>
        <CreateWorkspaceDialog canWrite={canWrite} opikDefaultHolder={opikDefault?.name ?? null} />
      </div>
      <WorkspacesTable workspaces={workspaces} canWrite={canWrite} />
    </div>
  );
}
