ALTER TABLE "administrators" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "administrators" ADD COLUMN "sso_subject" text;--> statement-breakpoint
CREATE UNIQUE INDEX "administrators_sso_subject_idx" ON "administrators" USING btree ("sso_subject");