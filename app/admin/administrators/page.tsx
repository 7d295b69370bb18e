import type { Metadata } from "next";
import { AdministratorRowActions } from "@/components/administrators/administrator-row-actions";
import { CreateAdministratorDialog } from "@/components/administrators/create-administrator-dialog";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listAdministrators } from "@/db/queries/administrators";
import { can } from "@/lib/auth/roles";
import { requireAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "Administrators" };

export default async function AdministratorsPage() {
  const { me, admins } = await guardRequest(async () => ({ me: await requireAdministrator(), admins: await listAdministrators(getDb()) }));
  const canWrite = can(me.role, "write");
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <h2 className="text-2xl font-semibold tracking-tight">Administrators</h2>
          <p className="text-sm text-muted-foreground">People who sign in to this dashboard. There is always at least one admin.</p>
        </div>
        <CreateAdministratorDialog canWrite={canWrite} />
      </div>
      <Table aria-label="Administrators">
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead>Name</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Added</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {admins.map((admin) => (
            <TableRow key={admin.id}>
              <TableCell className="font-medium">
                {admin.email} {admin.id === me.id ? <Badge variant="outline">you</Badge> : null}
              </TableCell>
              <TableCell>{admin.name}</TableCell>
              <TableCell>{admin.role}</TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(admin.createdAt)}</TableCell>
              <TableCell>
                <AdministratorRowActions key={`${admin.id}-${admin.role}`} admin={admin} canWrite={canWrite} isYou={admin.id === me.id} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
