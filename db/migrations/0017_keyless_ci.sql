CREATE TABLE "exchanged_tokens" (
	"issuer" text NOT NULL,
	"jti" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exchanged_tokens_issuer_jti_pk" PRIMARY KEY("issuer","jti")
);
--> statement-breakpoint
CREATE TABLE "trust_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_account_id" uuid NOT NULL,
	"name" text,
	"issuer" text NOT NULL,
	"audience" text NOT NULL,
	"subjects" text[] NOT NULL,
	"claims" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"key_lifetime_minutes" integer DEFAULT 15 NOT NULL,
	"scope" text DEFAULT 'full' NOT NULL,
	"permissions" text[],
	"default_workspace_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trust_policies_lifetime_check" CHECK ("trust_policies"."key_lifetime_minutes" between 5 and 60),
	CONSTRAINT "trust_policies_scope_check" CHECK ("trust_policies"."scope" in ('full', 'ingest', 'read', 'masked', 'custom')),
	CONSTRAINT "trust_policies_custom_permissions_check" CHECK (("trust_policies"."scope" = 'custom') = ("trust_policies"."permissions" is not null))
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "issued_subject" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "issued_issuer" text;--> statement-breakpoint
ALTER TABLE "trust_policies" ADD CONSTRAINT "trust_policies_service_account_id_service_accounts_id_fk" FOREIGN KEY ("service_account_id") REFERENCES "public"."service_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_policies" ADD CONSTRAINT "trust_policies_default_workspace_id_workspaces_id_fk" FOREIGN KEY ("default_workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_policies" ADD CONSTRAINT "trust_policies_created_by_administrators_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."administrators"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchanged_tokens_expires_at_idx" ON "exchanged_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "trust_policies_issuer_idx" ON "trust_policies" USING btree ("issuer");--> statement-breakpoint
CREATE INDEX "trust_policies_service_account_idx" ON "trust_policies" USING btree ("service_account_id");--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_issued_check" CHECK (("api_keys"."issued_subject" is null) = ("api_keys"."issued_issuer" is null));