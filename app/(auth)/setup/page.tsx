import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { getDb } from "@/db/client";
import { countAdministrators } from "@/db/queries/administrators";
import { guardRequest } from "@/lib/db-guard";
import { PRODUCT_NAME } from "@/lib/product";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  // Closed for good once any administrator exists; the action checks the same thing itself.
  if ((await guardRequest(() => countAdministrators(getDb()))) > 0) redirect("/login");
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <p className="text-sm font-medium text-muted-foreground">{PRODUCT_NAME}</p>
        <h1 className="text-xl font-semibold">Create the first administrator</h1>
        <p className="text-sm text-muted-foreground">
          This account can create service accounts, API keys and workspaces, and add other administrators.
        </p>
      </div>
      <SetupForm />
    </div>
  );
}
