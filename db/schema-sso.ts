import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, ROLES, workspaces } from "./schema";

// The tables of single sign-on's group mappings (issue 16), beside the core schema (db/schema.ts)
// so each file stays readable; db/client.ts and drizzle.config.ts take them all.

/**
 * Single sign-on group mappings (README "Single sign-on"): an identity provider's group → a role,
 * a default workspace and authorized workspaces (none = every workspace). Applied at every SSO
 * sign-in, in `position` order (the order they were added): the highest role, the union of the
 * workspaces, and the first matching mapping's default. Group names match exactly.
 */
export const ssoGroupMappings = pgTable(
  "sso_group_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    position: integer("position").notNull().generatedAlwaysAsIdentity(),
    groupName: text("group_name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    // RESTRICT: deleting a workspace a mapping gives is refused and names the mapping (dropping it
    // silently could leave the mapping with no workspace, which means every workspace).
    defaultWorkspaceId: uuid("default_workspace_id").references(() => workspaces.id, { onDelete: "restrict" }),
    // See unmasked data for the people this group maps (administrators.see_unmasked): on when any matching mapping says on.
    seeUnmasked: boolean("see_unmasked").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sso_group_mappings_group_idx").on(t.groupName),
    index("sso_group_mappings_position_idx").on(t.position),
    index("sso_group_mappings_default_workspace_idx").on(t.defaultWorkspaceId),
    check("sso_group_mappings_role_check", sql`${t.role} in ('admin', 'viewer', 'member')`),
  ],
);

export const ssoGroupMappingWorkspaces = pgTable(
  "sso_group_mapping_workspaces",
  {
    mappingId: uuid("mapping_id")
      .notNull()
      .references(() => ssoGroupMappings.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.mappingId, t.workspaceId] }), index("sso_group_mapping_workspaces_workspace_idx").on(t.workspaceId)],
);
