-- Custom SQL migration: what drizzle-kit cannot express in the schema file.
-- The exclusion constraint backs up the booking transaction for capacity-1 services: no two
-- active, non-overridden rows of one calendar may overlap in time, whatever the application does.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "appointment_calendar_slots"
  ADD CONSTRAINT "appointment_calendar_slots_no_overlap"
  EXCLUDE USING gist ("clinic_id" WITH =, "calendar_id" WITH =, "during" WITH &&)
  WHERE ("active" AND NOT "allow_overlap" AND "capacity_one");
--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_time_check" CHECK ("end_at" > "start_at");
--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_time_check" CHECK ("end_at" > "start_at");
