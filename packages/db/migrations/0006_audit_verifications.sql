CREATE TABLE "audit_verifications" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"requested_by" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"total_rows" bigint,
	"checked_rows" bigint DEFAULT 0 NOT NULL,
	"ok" boolean,
	"through_seq" bigint,
	"through_hash" text,
	"broken_seq" bigint,
	"broken_reason" text,
	"error" text,
	CONSTRAINT "audit_verifications_status_check" CHECK ("audit_verifications"."status" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "audit_verifications" ADD CONSTRAINT "audit_verifications_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_verifications_requested_idx" ON "audit_verifications" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "audit_verifications_finished_idx" ON "audit_verifications" USING btree ("finished_at");--> statement-breakpoint
CREATE INDEX "audit_log_action_idx" ON "audit_log" USING btree ("action","seq");