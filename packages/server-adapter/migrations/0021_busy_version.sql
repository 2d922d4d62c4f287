CREATE TABLE "busy_versions" (
	"clinic_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- Bumps the clinic's busy version once per committing transaction that changed its busy time. The
-- triggers are deferred to the commit: the version row is locked only while the transaction
-- commits, never while it goes on to lock calendars (no deadlock with a booking on another
-- calendar). `bookwell.busy_bumped` (local to the transaction) skips the repeats of one clinic.
CREATE FUNCTION "bookwell_bump_busy"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  clinic text;
BEGIN
  IF TG_OP = 'DELETE' THEN clinic := OLD.clinic_id; ELSE clinic := NEW.clinic_id; END IF;
  IF TG_OP = 'UPDATE' AND OLD.clinic_id IS DISTINCT FROM NEW.clinic_id THEN
    INSERT INTO "busy_versions" ("clinic_id", "version") VALUES (OLD.clinic_id, 1)
      ON CONFLICT ("clinic_id") DO UPDATE SET "version" = "busy_versions"."version" + 1;
  END IF;
  IF current_setting('bookwell.busy_bumped', true) IS DISTINCT FROM clinic THEN
    INSERT INTO "busy_versions" ("clinic_id", "version") VALUES (clinic, 1)
      ON CONFLICT ("clinic_id") DO UPDATE SET "version" = "busy_versions"."version" + 1;
    PERFORM set_config('bookwell.busy_bumped', clinic, true);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "appointments_busy_version" AFTER INSERT OR UPDATE OR DELETE ON "appointments"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_busy"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "appointment_calendar_slots_busy_version" AFTER INSERT OR UPDATE OR DELETE ON "appointment_calendar_slots"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_busy"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "holds_busy_version" AFTER INSERT OR UPDATE OR DELETE ON "holds"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_busy"();
