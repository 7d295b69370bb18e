import type { Metadata } from "next";
import { KeyPolicyForm } from "@/components/settings/key-policy-form";
import { getDb } from "@/db/client";
import { readKeyPolicy } from "@/db/queries/key-policy";
import { can } from "@/lib/auth/roles";
import { requireAdministrator } from "@/lib/auth/session";
import { guardRequest } from "@/lib/db-guard";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { admin, policy } = await guardRequest(async () => ({
    admin: await requireAdministrator(),
    policy: await readKeyPolicy(getDb()),
  }));
  const canWrite = can(admin.role, "write");
  return (
    <div className="grid max-w-2xl gap-6">
      <div className="grid gap-1">
        <h2 className="text-2xl font-semibold tracking-tight">Settings</h2>
        <p className="text-sm text-muted-foreground">Rules that apply to every service account.</p>
      </div>
      <KeyPolicyForm policy={{ maxLifetimeDays: policy.maxLifetimeDays, defaultExpiryDays: policy.defaultExpiryDays }} canWrite={canWrite} />
    </div>
  );
}
