CREATE TABLE "patient_sessions" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_sessions_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "patient_sign_ins" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_sign_ins_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "waitlist_entries" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"service_id" text NOT NULL,
	"provider_id" text,
	"weekdays" integer[],
	"time_from" text,
	"time_to" text,
	"date_from" text,
	"date_to" text,
	"client_id" text,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"phone" text,
	"locale" text,
	"status" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "waitlist_entries_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "waitlist_offers" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"entry_id" text NOT NULL,
	"service_id" text NOT NULL,
	"calendar_ids" text[] NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"hold_id" text,
	"exclusive" boolean NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token_hash" text NOT NULL,
	"appointment_id" text,
	"offered_by" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "waitlist_offers_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "waitlist_mode" text;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "waitlist_hold_minutes" integer;--> statement-breakpoint
ALTER TABLE "patient_sessions" ADD CONSTRAINT "patient_sessions_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_sign_ins" ADD CONSTRAINT "patient_sign_ins_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_entries" ADD CONSTRAINT "waitlist_entries_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_offers" ADD CONSTRAINT "waitlist_offers_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waitlist_offers" ADD CONSTRAINT "waitlist_offers_entry_fk" FOREIGN KEY ("clinic_id","entry_id") REFERENCES "public"."waitlist_entries"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "patient_sessions_token_hash_idx" ON "patient_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "patient_sessions_expires_idx" ON "patient_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "patient_sign_ins_token_hash_idx" ON "patient_sign_ins" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "patient_sign_ins_email_idx" ON "patient_sign_ins" USING btree ("clinic_id","email","created_at");--> statement-breakpoint
CREATE INDEX "waitlist_entries_service_idx" ON "waitlist_entries" USING btree ("clinic_id","service_id","status");--> statement-breakpoint
CREATE INDEX "waitlist_entries_email_idx" ON "waitlist_entries" USING btree ("clinic_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_entries_token_hash_idx" ON "waitlist_entries" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "waitlist_offers_entry_idx" ON "waitlist_offers" USING btree ("clinic_id","entry_id");--> statement-breakpoint
CREATE INDEX "waitlist_offers_time_idx" ON "waitlist_offers" USING btree ("clinic_id","service_id","start_at");--> statement-breakpoint
CREATE INDEX "waitlist_offers_open_idx" ON "waitlist_offers" USING btree ("status","expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "waitlist_offers_token_hash_idx" ON "waitlist_offers" USING btree ("token_hash");