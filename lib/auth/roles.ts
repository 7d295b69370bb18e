import type { Role } from "@/db/schema";

/**
 * What each role may do. `self`: your own account (change your own password), which every role
 * may; `read`: the dashboard's pages; `write`: every change. Viewers see everything and change
 * nothing; members use Opik's web UI only, so their only page is /me.
 */
export type Permission = "self" | "read" | "write";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["self", "read", "write"],
  viewer: ["self", "read"],
  // Members use Opik's web UI only: no dashboard page, no action but their own password.
  member: ["self"],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export const READ_ONLY_MESSAGE =
  "Your role is viewer: you can look at everything but change nothing. Ask an admin to make this change.";
export const MEMBER_MESSAGE =
  "Your role is member: you use Opik's web UI, not this dashboard. Ask an admin if you need to see or change something here.";

/** What a disabled control tells a viewer (on hover and keyboard focus: components/ui/disabled-button.tsx). */
export const VIEWER_REASON = "Viewers cannot make changes";
/** The reason a control is unusable for someone who cannot write, or null when they can. */
export const viewerReason = (canWrite: boolean): string | null => (canWrite ? null : VIEWER_REASON);

/** Why `role` may not do `permission`, or null when it may. */
export function refusalFor(role: Role, permission: Permission): string | null {
  if (can(role, permission)) return null;
  return can(role, "read") ? READ_ONLY_MESSAGE : MEMBER_MESSAGE;
}

/** The page a person's role leads to: the dashboard, or for members the page about their access. */
export const MEMBER_HOME = "/me";
export const DASHBOARD_HOME = "/admin/service-accounts";
export function homePathFor(role: Role): string {
  return can(role, "read") ? DASHBOARD_HOME : MEMBER_HOME;
}
