CREATE TABLE "inspection_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"segment" integer,
	"offset_ms" integer,
	"details" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_inspectors" (
	"inspection_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"confirmed_at" timestamp with time zone,
	CONSTRAINT "inspection_inspectors_inspection_id_inspector_id_pk" PRIMARY KEY("inspection_id","inspector_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"accuracy_meters" double precision,
	"distance_meters" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_recordings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"segment" integer NOT NULL,
	"path" text NOT NULL,
	"file_id" uuid,
	"sha256" text,
	"duration_ms" integer,
	"size_bytes" integer,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"zone_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"status" text NOT NULL,
	"slot_start" timestamp with time zone NOT NULL,
	"slot_end" timestamp with time zone NOT NULL,
	"site_address" text NOT NULL,
	"site_latitude" double precision NOT NULL,
	"site_longitude" double precision NOT NULL,
	"site_radius_meters" integer DEFAULT 300 NOT NULL,
	"invitation_version" integer DEFAULT 1 NOT NULL,
	"liveness_code" text,
	"result" text,
	"findings" text,
	"status_reason" text,
	"record_document_id" uuid,
	"started_at" timestamp with time zone,
	"concluded_at" timestamp with time zone,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inspection_events" ADD CONSTRAINT "inspection_events_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_events" ADD CONSTRAINT "inspection_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_locations" ADD CONSTRAINT "inspection_locations_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_recordings" ADD CONSTRAINT "inspection_recordings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_recordings" ADD CONSTRAINT "inspection_recordings_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_zone_id_zones_id_fk" FOREIGN KEY ("zone_id") REFERENCES "public"."zones"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_events_inspection_idx" ON "inspection_events" USING btree ("inspection_id","at");--> statement-breakpoint
CREATE INDEX "inspection_inspectors_inspector_idx" ON "inspection_inspectors" USING btree ("inspector_id");--> statement-breakpoint
CREATE INDEX "inspection_locations_inspection_idx" ON "inspection_locations" USING btree ("inspection_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_recordings_segment_key" ON "inspection_recordings" USING btree ("inspection_id","segment");--> statement-breakpoint
CREATE INDEX "inspections_zone_slot_idx" ON "inspections" USING btree ("zone_id","slot_start");--> statement-breakpoint
CREATE INDEX "inspections_case_idx" ON "inspections" USING btree ("case_id");