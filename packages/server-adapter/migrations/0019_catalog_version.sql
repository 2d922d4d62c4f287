CREATE TABLE "catalog_versions" (
	"clinic_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE FUNCTION "bookwell_bump_catalog"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed jsonb;
  clinic text;
BEGIN
  IF TG_OP = 'DELETE' THEN changed := to_jsonb(OLD); ELSE changed := to_jsonb(NEW); END IF;
  IF TG_TABLE_NAME = 'clinics' THEN clinic := changed->>'id'; ELSE clinic := changed->>'clinic_id'; END IF;
  INSERT INTO "catalog_versions" ("clinic_id", "version") VALUES (clinic, 1)
    ON CONFLICT ("clinic_id") DO UPDATE SET "version" = "catalog_versions"."version" + 1;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "clinics_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "clinics"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();--> statement-breakpoint
CREATE TRIGGER "locations_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "locations"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();--> statement-breakpoint
CREATE TRIGGER "team_members_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "team_members"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();--> statement-breakpoint
CREATE TRIGGER "calendars_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "calendars"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();--> statement-breakpoint
CREATE TRIGGER "travel_rules_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "travel_rules"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();--> statement-breakpoint
CREATE TRIGGER "travel_pairs_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "travel_pairs"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();--> statement-breakpoint
CREATE TRIGGER "services_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "services"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();--> statement-breakpoint
CREATE TRIGGER "provider_services_catalog_version" AFTER INSERT OR UPDATE OR DELETE ON "provider_services"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_bump_catalog"();
