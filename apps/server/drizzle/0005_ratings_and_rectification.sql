CREATE TABLE "case_ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zone_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"rater_id" uuid NOT NULL,
	"round" integer NOT NULL,
	"overall" integer NOT NULL,
	"speed" integer NOT NULL,
	"service" integer NOT NULL,
	"attitude" integer NOT NULL,
	"comment" text,
	"is_bad" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"appeal_status" text,
	"appeal_reason" text,
	"appealed_by" uuid,
	"appeal_decision_note" text,
	"appeal_decided_by" uuid,
	"appeal_decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rectification_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zone_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"rating_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"due_on" date,
	"status" text NOT NULL,
	"return_visit_note" text,
	"return_visit_at" timestamp with time zone,
	"visited_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "case_ratings" ADD CONSTRAINT "case_ratings_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_ratings" ADD CONSTRAINT "case_ratings_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_ratings" ADD CONSTRAINT "case_ratings_rater_id_users_id_fk" FOREIGN KEY ("rater_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_tasks" ADD CONSTRAINT "rectification_tasks_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_tasks" ADD CONSTRAINT "rectification_tasks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_tasks" ADD CONSTRAINT "rectification_tasks_rating_id_case_ratings_id_fk" FOREIGN KEY ("rating_id") REFERENCES "public"."case_ratings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_tasks" ADD CONSTRAINT "rectification_tasks_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_ratings_case_round_key" ON "case_ratings" USING btree ("case_id","round");--> statement-breakpoint
CREATE INDEX "case_ratings_zone_idx" ON "case_ratings" USING btree ("zone_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rectification_tasks_rating_key" ON "rectification_tasks" USING btree ("rating_id");--> statement-breakpoint
CREATE INDEX "rectification_tasks_zone_status_idx" ON "rectification_tasks" USING btree ("zone_id","status");