import type { Metadata } from "next";
import { GroupMappings } from "@/components/settings/group-mappings";
import { KeyPolicyForm } from "@/components/settings/key-policy-form";
import { ManagementTokens } from "@/components/settings/management-tokens";
import { getDb } from "@/db/client";
import { readKeyPolicy } from "@/db/queries/key-policy";
import { listManagementTokens } from "@/db/queries/management-tokens";
import { listGroupMappings } from "@/db/queries/sso-mappings";
import { listWorkspaceOptions } from "@/db/queries/workspaces";
import { readSsoSettings } from "@/lib/auth/sso-settings";
import { can } from "@/lib/auth/roles";
import { requireAdministrator } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { guardRequest } from "@/lib/db-guard";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { admin, policy, mappings, workspaces, tokens } = await guardRequest(async () => ({
    admin: await requireAdministrator(),
    policy: await readKeyPolicy(getDb()),
    mappings: await listGroupMappings(getDb()),
    workspaces: await listWorkspaceOptions(getDb()),
    tokens: await listManagementTokens(getDb()),
  }));
  const canWrite = can(admin.role, "write");
  return (
    <div className="grid max-w-4xl gap-6">
      <div className="grid gap-1">
        <h2 className="text-2xl font-semibold tracking-tight">Settings</h2>
        <p className="text-sm text-muted-foreground">Rules for every service account, tokens for automation, and what single sign-on gives people.</p>
      </div>
      <KeyPolicyForm policy={{ maxLifetimeDays: policy.maxLifetimeDays, defaultExpiryDays: policy.defaultExpiryDays }} canWrite={canWrite} />
      <ManagementTokens tokens={tokens} canWrite={canWrite} nowMs={now()} />
      {/* Start-up has checked the settings (server.ts), so reading them here cannot fail. */}
      <GroupMappings mappings={mappings} workspaces={workspaces} canWrite={canWrite} ssoConfigured={readSsoSettings() !== null} />
    </div>
  );
}
