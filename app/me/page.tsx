import { ExternalLink } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { UserMenu } from "@/components/shell/user-menu";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { personHasPassword, workspacesOfPerson } from "@/db/queries/administrators";
import { accessSettings } from "@/lib/access/settings";
import { can, DASHBOARD_HOME } from "@/lib/auth/roles";
import { requirePerson } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";
import { PRODUCT_NAME } from "@/lib/product";

export const metadata: Metadata = { title: "Your access" };
export const dynamic = "force-dynamic";

/** OPIK_UI_URL (checked at start-up by server.ts), or null when the Opik web UI access is off. */
function opikUiLink(): string | null {
  return accessSettings()?.opikUi.href ?? null;
}

/**
 * A person's own page, outside the dashboard's shell: the members' only page, and open to admins
 * and viewers too (they use Opik's web UI in their workspaces as well).
 */
export default async function MePage() {
  const { person, access, hasPassword } = await guardRequest(async () => {
    const person = await requirePerson();
    return { person, access: await workspacesOfPerson(getDb(), person.id), hasPassword: await personHasPassword(getDb(), person.id) };
  });
  const opik = opikUiLink();
  const workspaces = access?.workspaces ?? [];
  return (
    <main className="mx-auto grid max-w-xl gap-8 p-6 lg:p-10">
      <div className="grid gap-1">
        <p className="text-sm font-medium text-muted-foreground">{PRODUCT_NAME}</p>
        <h1 className="text-2xl font-semibold tracking-tight">Your access</h1>
      </div>
      <section className="grid gap-3" aria-labelledby="opik-heading">
        <h2 id="opik-heading" className="text-lg font-semibold">
          Opik
        </h2>
        {opik ? (
          <>
            <p className="text-sm text-muted-foreground">Opik&apos;s web UI opens in your default workspace.</p>
            <Button asChild className="w-fit">
              <a href={opik} rel="noopener noreferrer">
                <ExternalLink aria-hidden />
                Open Opik
              </a>
            </Button>
          </>
        ) : (
          <p className="text-sm">An administrator has not configured the Opik web UI address yet.</p>
        )}
      </section>
      <section className="grid gap-3" aria-labelledby="workspaces-heading">
        <h2 id="workspaces-heading" className="text-lg font-semibold">
          Your workspaces
        </h2>
        {access?.unrestricted ? <p className="text-sm text-muted-foreground">All workspaces: you may use every workspace.</p> : null}
        {workspaces.length === 0 ? (
          <p className="text-sm text-muted-foreground">There are no workspaces yet.</p>
        ) : (
          <ul aria-label="Your workspaces" className="grid gap-1">
            {workspaces.map((w) => (
              <li key={w.id} className="flex items-center gap-2 text-sm">
                {w.name}
                {w.id === access?.defaultWorkspaceId ? <Badge variant="outline">default</Badge> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {can(person.role, "read") ? (
        <Link href={DASHBOARD_HOME} className="text-sm underline underline-offset-4">
          Back to the dashboard
        </Link>
      ) : null}
      <div className="max-w-xs">
        <UserMenu admin={person} hasPassword={hasPassword} />
      </div>
    </main>
  );
}
