DROP INDEX "service_accounts_name_trgm_idx";--> statement-breakpoint
CREATE INDEX "service_accounts_last_used_at_desc_idx" ON "service_accounts" USING btree ("last_used_at" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "service_accounts_name_trgm_idx" ON "service_accounts" USING gin (lower("name") gin_trgm_ops) WITH (fastupdate=false);