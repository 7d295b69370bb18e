import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getDb } from "@/db/client";
import { countAdministrators } from "@/db/queries/administrators";
import { getCurrentAdministrator } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if ((await countAdministrators(getDb())) === 0) redirect("/setup");
  if (await getCurrentAdministrator()) redirect("/admin/service-accounts");
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <p className="text-sm font-medium text-muted-foreground">Admin Dashboard</p>
        <h1 className="text-xl font-semibold">Sign in</h1>
      </div>
      <LoginForm />
    </div>
  );
}
