import { MobileNav } from "@/components/shell/mobile-nav";
import { ReadOnlyNotice } from "@/components/shell/read-only-notice";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { UserMenu } from "@/components/shell/user-menu";
import { getDb } from "@/db/client";
import { personHasPassword } from "@/db/queries/administrators";
import { can } from "@/lib/auth/roles";
import { requireAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";
import { PRODUCT_NAME } from "@/lib/product";

export const dynamic = "force-dynamic";

// Small and tight: the product's name may take two lines of the sidebar, and a taller heading
// pushed Sign out below a short window (e2e/layout.spec.ts, 420 px high).
const heading = (
  <p className="px-3 text-sm leading-tight font-semibold" role="heading" aria-level={1}>
    {PRODUCT_NAME}
  </p>
);

/**
 * The shell: a skip link to the page's content; from `md` up a sidebar that stays in view (sticky,
 * scrolling on its own when taller than the window, so Sign out is always reachable); below `md`
 * a top bar with the same links and user menu in a sheet.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const { admin, hasPassword } = await guardRequest(async () => {
    const admin = await requireAdministrator();
    return { admin, hasPassword: await personHasPassword(getDb(), admin.id) };
  });
  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only rounded-md border bg-background px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50"
      >
        Skip to main content
      </a>
      <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col gap-5 overflow-y-auto border-r bg-sidebar p-4 md:flex">
        {heading}
        <SidebarNav />
        <div className="mt-auto">
          <UserMenu admin={admin} hasPassword={hasPassword} />
        </div>
      </aside>
      <header className="sticky top-0 z-40 flex items-center gap-2 border-b bg-sidebar px-4 py-2 md:hidden">
        <MobileNav>
          <SidebarNav />
          <div className="mt-auto">
            <UserMenu admin={admin} hasPassword={hasPassword} />
          </div>
        </MobileNav>
        {heading}
      </header>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none md:p-6 lg:p-8">
        {can(admin.role, "write") ? null : <ReadOnlyNotice />}
        {children}
      </main>
    </div>
  );
}
