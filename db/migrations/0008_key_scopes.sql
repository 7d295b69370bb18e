ALTER TABLE "api_keys" ADD COLUMN "scope" text DEFAULT 'full' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "permissions" text[];--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scope_check" CHECK ("api_keys"."scope" in ('full', 'ingest', 'read', 'custom'));--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_custom_permissions_check" CHECK (("api_keys"."scope" = 'custom') = ("api_keys"."permissions" is not null));