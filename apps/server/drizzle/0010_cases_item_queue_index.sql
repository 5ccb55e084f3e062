-- The staff queue filtered by item reads its cases most urgent first straight from this index (as the status and department filters already did), instead of sorting every case of the item.
DROP INDEX "cases_zone_item_status_idx";--> statement-breakpoint
CREATE INDEX "cases_zone_item_status_idx" ON "cases" USING btree ("zone_id","service_item_id","status","due_on");