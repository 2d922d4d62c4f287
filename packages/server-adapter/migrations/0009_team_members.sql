CREATE TABLE "team_members" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"photo_url" text,
	"bio" text,
	"disciplines" jsonb NOT NULL,
	"email" text,
	"active" boolean NOT NULL,
	"limits" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "team_members_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "travel_pairs" (
	"clinic_id" text NOT NULL,
	"location_a" text NOT NULL,
	"location_b" text NOT NULL,
	"minutes" integer NOT NULL,
	CONSTRAINT "travel_pairs_clinic_id_location_a_location_b_pk" PRIMARY KEY("clinic_id","location_a","location_b")
);
--> statement-breakpoint
CREATE TABLE "travel_rules" (
	"clinic_id" text PRIMARY KEY NOT NULL,
	"default_minutes" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendars" ADD COLUMN "member_id" text;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_pairs" ADD CONSTRAINT "travel_pairs_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "travel_rules" ADD CONSTRAINT "travel_rules_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendars" ADD CONSTRAINT "calendars_member_fk" FOREIGN KEY ("clinic_id","member_id") REFERENCES "public"."team_members"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendars_member_idx" ON "calendars" USING btree ("clinic_id","member_id");--> statement-breakpoint
-- Every existing provider calendar becomes one team member (same id, its name and disciplines).
INSERT INTO "team_members" ("clinic_id", "id", "name", "disciplines", "active", "limits", "created_at", "updated_at")
SELECT "clinic_id", "id", COALESCE(NULLIF("data"->>'name', ''), "id"), COALESCE("data"->'disciplines', '[]'::jsonb), "active", '[]'::jsonb, "created_at", "updated_at"
FROM "calendars" WHERE "kind" = 'provider';--> statement-breakpoint
UPDATE "calendars" SET "member_id" = "id", "data" = jsonb_set("data", '{memberId}', to_jsonb("id"))
WHERE "kind" = 'provider';
