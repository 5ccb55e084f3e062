DROP INDEX "inspection_recordings_segment_key";--> statement-breakpoint
ALTER TABLE "inspection_recordings" ADD COLUMN "kind" text DEFAULT 'phone' NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_recordings" ADD COLUMN "inspector_id" uuid;--> statement-breakpoint
ALTER TABLE "inspection_recordings" ADD COLUMN "offset_ms" integer;--> statement-breakpoint
ALTER TABLE "inspection_recordings" ADD COLUMN "gap_before_ms" integer;--> statement-breakpoint
ALTER TABLE "inspection_recordings" ADD CONSTRAINT "inspection_recordings_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_recordings_path_key" ON "inspection_recordings" USING btree ("inspection_id","path");--> statement-breakpoint
CREATE INDEX "inspection_recordings_segment_idx" ON "inspection_recordings" USING btree ("inspection_id","segment");