CREATE TABLE "key_policy" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"max_lifetime_days" integer,
	"default_expiry_days" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "key_policy_single_row" CHECK ("key_policy"."id" = 1),
	CONSTRAINT "key_policy_max_positive" CHECK ("key_policy"."max_lifetime_days" is null or "key_policy"."max_lifetime_days" between 1 and 3650),
	CONSTRAINT "key_policy_default_positive" CHECK ("key_policy"."default_expiry_days" is null or "key_policy"."default_expiry_days" between 1 and 3650)
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "lifetime_s" integer;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "grace_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "rolled_to_key_id" uuid;--> statement-breakpoint
ALTER TABLE "service_accounts" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "key_policy" ADD CONSTRAINT "key_policy_updated_by_administrators_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."administrators"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
INSERT INTO "key_policy" ("id") VALUES (1) ON CONFLICT DO NOTHING;
