import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/lib/access/return-path";
import { LoginForm } from "@/components/auth/login-form";
import { getDb } from "@/db/client";
import { countAdministrators } from "@/db/queries/administrators";
import { getCurrentAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeReturnPath((await searchParams).next) ?? undefined;
  const { count, signedIn } = await guardRequest(async () => ({
    count: await countAdministrators(getDb()),
    signedIn: (await getCurrentAdministrator()) !== null,
  }));
  if (count === 0) redirect("/setup");
  if (signedIn) redirect(next ?? "/"); // "/" sends each role to its home (app/page.tsx)
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <p className="text-sm font-medium text-muted-foreground">Admin Dashboard</p>
        <h1 className="text-xl font-semibold">Sign in</h1>
      </div>
      <LoginForm next={next} />
    </div>
  );
}
