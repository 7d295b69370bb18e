CREATE TABLE "access_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"redirect_to" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "person_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"person_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_reason" text,
	CONSTRAINT "person_credentials_ended_reason_check" CHECK ("person_credentials"."ended_reason" in ('switch', 'workspace_change', 'sign_out')),
	CONSTRAINT "person_credentials_ended_check" CHECK (("person_credentials"."ended_at" is null) = ("person_credentials"."ended_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "person_workspaces" (
	"person_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	CONSTRAINT "person_workspaces_person_id_workspace_id_pk" PRIMARY KEY("person_id","workspace_id")
);
--> statement-breakpoint
ALTER TABLE "administrators" DROP CONSTRAINT "administrators_role_check";--> statement-breakpoint
ALTER TABLE "administrators" ADD COLUMN "default_workspace_id" uuid;--> statement-breakpoint
ALTER TABLE "administrators" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_codes" ADD CONSTRAINT "access_codes_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_credentials" ADD CONSTRAINT "person_credentials_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_credentials" ADD CONSTRAINT "person_credentials_person_id_administrators_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."administrators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_credentials" ADD CONSTRAINT "person_credentials_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_workspaces" ADD CONSTRAINT "person_workspaces_person_id_administrators_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."administrators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_workspaces" ADD CONSTRAINT "person_workspaces_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_codes_session_idx" ON "access_codes" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "person_credentials_session_idx" ON "person_credentials" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "person_credentials_person_idx" ON "person_credentials" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_credentials_workspace_idx" ON "person_credentials" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "person_workspaces_workspace_idx" ON "person_workspaces" USING btree ("workspace_id");--> statement-breakpoint
ALTER TABLE "administrators" ADD CONSTRAINT "administrators_default_workspace_id_workspaces_id_fk" FOREIGN KEY ("default_workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "administrators_default_workspace_idx" ON "administrators" USING btree ("default_workspace_id");--> statement-breakpoint
ALTER TABLE "administrators" ADD CONSTRAINT "administrators_role_check" CHECK ("administrators"."role" in ('admin', 'viewer', 'member'));