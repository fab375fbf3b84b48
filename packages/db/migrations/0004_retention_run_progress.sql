ALTER TABLE "retention_runs" ADD COLUMN "status" text DEFAULT 'done' NOT NULL;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD COLUMN "planned" jsonb;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD COLUMN "cutoffs" jsonb;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD COLUMN "error" text;--> statement-breakpoint
ALTER TABLE "retention_runs" ADD CONSTRAINT "retention_runs_status_check" CHECK ("retention_runs"."status" in ('queued', 'running', 'done', 'failed'));