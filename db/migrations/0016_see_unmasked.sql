ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_scope_check";--> statement-breakpoint
ALTER TABLE "person_credentials" DROP CONSTRAINT "person_credentials_ended_reason_check";--> statement-breakpoint
ALTER TABLE "administrators" ADD COLUMN "see_unmasked" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "sso_group_mappings" ADD COLUMN "see_unmasked" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scope_check" CHECK ("api_keys"."scope" in ('full', 'ingest', 'read', 'masked', 'custom'));--> statement-breakpoint
ALTER TABLE "person_credentials" ADD CONSTRAINT "person_credentials_ended_reason_check" CHECK ("person_credentials"."ended_reason" in ('switch', 'workspace_change', 'unmasked_change', 'sign_out'));