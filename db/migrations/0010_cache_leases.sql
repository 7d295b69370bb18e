CREATE SEQUENCE "public"."sa_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "cache_instances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"acked_seq" bigint NOT NULL,
	"host" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL
);
