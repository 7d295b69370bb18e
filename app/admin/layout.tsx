import { SidebarNav } from "@/components/shell/sidebar-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { requireAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await guardRequest(() => requireAdministrator());
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-56 shrink-0 flex-col gap-6 border-r bg-sidebar p-4">
        <p className="px-3 text-base font-semibold" role="heading" aria-level={1}>
          Admin Dashboard
        </p>
        <SidebarNav />
        <div className="mt-auto">
          <UserMenu admin={admin} />
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-6 lg:p-8">{children}</main>
    </div>
  );
}
