CREATE TABLE "service_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zone_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"department_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"legal_basis" text NOT NULL,
	"statutory_limit_days" integer NOT NULL,
	"committed_limit_days" integer NOT NULL,
	"fee_yuan" numeric(12, 2) NOT NULL,
	"fee_note" text,
	"materials" jsonb NOT NULL,
	"form" jsonb NOT NULL,
	"needs_inspection" boolean NOT NULL,
	"inspection_checklist" jsonb NOT NULL,
	"shot_list" jsonb NOT NULL,
	"partner_zone_ids" jsonb NOT NULL,
	"is_published" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_items" ADD CONSTRAINT "service_items_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "service_items_zone_code_key" ON "service_items" USING btree ("zone_id","code");--> statement-breakpoint
CREATE INDEX "service_items_department_idx" ON "service_items" USING btree ("department_id");