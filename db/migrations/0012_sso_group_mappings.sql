CREATE TABLE "sso_group_mapping_workspaces" (
	"mapping_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	CONSTRAINT "sso_group_mapping_workspaces_mapping_id_workspace_id_pk" PRIMARY KEY("mapping_id","workspace_id")
);
--> statement-breakpoint
CREATE TABLE "sso_group_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"position" integer GENERATED ALWAYS AS IDENTITY (sequence name "sso_group_mappings_position_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"group_name" text NOT NULL,
	"role" text NOT NULL,
	"default_workspace_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_group_mappings_role_check" CHECK ("sso_group_mappings"."role" in ('admin', 'viewer', 'member'))
);
--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_ended_reason_check";--> statement-breakpoint
ALTER TABLE "sso_group_mapping_workspaces" ADD CONSTRAINT "sso_group_mapping_workspaces_mapping_id_sso_group_mappings_id_fk" FOREIGN KEY ("mapping_id") REFERENCES "public"."sso_group_mappings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_group_mapping_workspaces" ADD CONSTRAINT "sso_group_mapping_workspaces_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_group_mappings" ADD CONSTRAINT "sso_group_mappings_default_workspace_id_workspaces_id_fk" FOREIGN KEY ("default_workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sso_group_mapping_workspaces_workspace_idx" ON "sso_group_mapping_workspaces" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sso_group_mappings_group_idx" ON "sso_group_mappings" USING btree ("group_name");--> statement-breakpoint
CREATE INDEX "sso_group_mappings_position_idx" ON "sso_group_mappings" USING btree ("position");--> statement-breakpoint
CREATE INDEX "sso_group_mappings_default_workspace_idx" ON "sso_group_mappings" USING btree ("default_workspace_id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_ended_reason_check" CHECK ("sessions"."ended_reason" in ('sign_out', 'sign_out_everywhere', 'role_change', 'password_change', 'password_reset', 'disabled', 'sso_groups'));