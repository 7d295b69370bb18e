CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"administrator_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_reason" text,
	"client_address" text,
	CONSTRAINT "sessions_ended_reason_check" CHECK ("sessions"."ended_reason" in ('sign_out', 'sign_out_everywhere', 'role_change', 'password_change', 'password_reset')),
	CONSTRAINT "sessions_ended_check" CHECK (("sessions"."ended_at" is null) = ("sessions"."ended_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_administrator_id_administrators_id_fk" FOREIGN KEY ("administrator_id") REFERENCES "public"."administrators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_administrator_idx" ON "sessions" USING btree ("administrator_id");