import type { Role } from "@/db/schema";

/** What each role may do. Viewers see everything and change nothing. */
export type Permission = "read" | "write";

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ["read", "write"],
  viewer: ["read"],
  // Members use Opik's web UI only: no dashboard page, no action.
  member: [],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export const READ_ONLY_MESSAGE =
  "Your role is viewer: you can look at everything but change nothing. Ask an admin to make this change.";
