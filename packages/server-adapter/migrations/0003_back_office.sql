CREATE TABLE "billing_documents" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"series" text NOT NULL,
	"sequence" integer NOT NULL,
	"number" text NOT NULL,
	"case_id" text NOT NULL,
	"client_id" text NOT NULL,
	"invoice_id" text,
	"issued_at" timestamp with time zone NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "billing_documents_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"client_id" text NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"extra" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cases_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "charges" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"case_id" text NOT NULL,
	"client_id" text NOT NULL,
	"appointment_id" text,
	"description" text NOT NULL,
	"unit_amount" integer NOT NULL,
	"currency" text NOT NULL,
	"quantity" integer NOT NULL,
	"tax_rate_bp" integer NOT NULL,
	"price_includes_tax" boolean NOT NULL,
	"billing_provider_id" text NOT NULL,
	"status" text NOT NULL,
	"invoice_id" text,
	"source" text NOT NULL,
	"charged_at" timestamp with time zone NOT NULL,
	"meta" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "charges_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "document_counters" (
	"clinic_id" text NOT NULL,
	"series" text NOT NULL,
	"last_sequence" integer NOT NULL,
	CONSTRAINT "document_counters_clinic_id_series_pk" PRIMARY KEY("clinic_id","series")
);
--> statement-breakpoint
CREATE TABLE "package_uses" (
	"clinic_id" text NOT NULL,
	"package_id" text NOT NULL,
	"appointment_id" text NOT NULL,
	"position" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"date" text NOT NULL,
	"therapist_id" text NOT NULL,
	"client_id" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "package_uses_clinic_id_package_id_appointment_id_pk" PRIMARY KEY("clinic_id","package_id","appointment_id")
);
--> statement-breakpoint
CREATE TABLE "packages" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"owner_client_id" text NOT NULL,
	"case_id" text,
	"purchased_at" timestamp with time zone NOT NULL,
	"refunded" boolean NOT NULL,
	"data" jsonb NOT NULL,
	"meta" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "packages_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "payment_intents" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"provider" text NOT NULL,
	"provider_intent_id" text NOT NULL,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"appointment_id" text,
	"client_id" text,
	"payment_id" text,
	"meta" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_intents_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"client_id" text NOT NULL,
	"case_id" text NOT NULL,
	"invoice_id" text,
	"appointment_id" text,
	"method" text NOT NULL,
	"amount" integer NOT NULL,
	"currency" text NOT NULL,
	"reference" text,
	"at" timestamp with time zone NOT NULL,
	"meta" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payments_clinic_id_id_pk" PRIMARY KEY("clinic_id","id")
);
--> statement-breakpoint
CREATE TABLE "provider_services" (
	"clinic_id" text NOT NULL,
	"calendar_id" text NOT NULL,
	"service_id" text NOT NULL,
	"price_amount" integer,
	"price_currency" text,
	"active" boolean NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "provider_services_clinic_id_calendar_id_service_id_pk" PRIMARY KEY("clinic_id","calendar_id","service_id")
);
--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "phone_normalized" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "tax_id_normalized" text;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_case_fk" FOREIGN KEY ("clinic_id","case_id") REFERENCES "public"."cases"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_client_fk" FOREIGN KEY ("clinic_id","client_id") REFERENCES "public"."clients"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_invoice_fk" FOREIGN KEY ("clinic_id","invoice_id") REFERENCES "public"."billing_documents"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_client_fk" FOREIGN KEY ("clinic_id","client_id") REFERENCES "public"."clients"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_case_fk" FOREIGN KEY ("clinic_id","case_id") REFERENCES "public"."cases"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_client_fk" FOREIGN KEY ("clinic_id","client_id") REFERENCES "public"."clients"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointments"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_invoice_fk" FOREIGN KEY ("clinic_id","invoice_id") REFERENCES "public"."billing_documents"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_counters" ADD CONSTRAINT "document_counters_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_uses" ADD CONSTRAINT "package_uses_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_uses" ADD CONSTRAINT "package_uses_package_fk" FOREIGN KEY ("clinic_id","package_id") REFERENCES "public"."packages"("clinic_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "package_uses" ADD CONSTRAINT "package_uses_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointments"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_owner_fk" FOREIGN KEY ("clinic_id","owner_client_id") REFERENCES "public"."clients"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "packages" ADD CONSTRAINT "packages_case_fk" FOREIGN KEY ("clinic_id","case_id") REFERENCES "public"."cases"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_intents" ADD CONSTRAINT "payment_intents_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_intents" ADD CONSTRAINT "payment_intents_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointments"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_case_fk" FOREIGN KEY ("clinic_id","case_id") REFERENCES "public"."cases"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_client_fk" FOREIGN KEY ("clinic_id","client_id") REFERENCES "public"."clients"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_invoice_fk" FOREIGN KEY ("clinic_id","invoice_id") REFERENCES "public"."billing_documents"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_appointment_fk" FOREIGN KEY ("clinic_id","appointment_id") REFERENCES "public"."appointments"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_services" ADD CONSTRAINT "provider_services_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_services" ADD CONSTRAINT "provider_services_calendar_fk" FOREIGN KEY ("clinic_id","calendar_id") REFERENCES "public"."calendars"("clinic_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_services" ADD CONSTRAINT "provider_services_service_fk" FOREIGN KEY ("clinic_id","service_id") REFERENCES "public"."services"("clinic_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "billing_documents_sequence_idx" ON "billing_documents" USING btree ("clinic_id","series","sequence");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_documents_number_idx" ON "billing_documents" USING btree ("clinic_id","number");--> statement-breakpoint
CREATE INDEX "billing_documents_case_idx" ON "billing_documents" USING btree ("clinic_id","case_id");--> statement-breakpoint
CREATE INDEX "billing_documents_client_idx" ON "billing_documents" USING btree ("clinic_id","client_id");--> statement-breakpoint
CREATE INDEX "billing_documents_issued_idx" ON "billing_documents" USING btree ("clinic_id","issued_at");--> statement-breakpoint
CREATE INDEX "cases_client_idx" ON "cases" USING btree ("clinic_id","client_id");--> statement-breakpoint
CREATE INDEX "charges_case_idx" ON "charges" USING btree ("clinic_id","case_id");--> statement-breakpoint
CREATE INDEX "charges_client_idx" ON "charges" USING btree ("clinic_id","client_id");--> statement-breakpoint
CREATE INDEX "charges_appointment_idx" ON "charges" USING btree ("clinic_id","appointment_id");--> statement-breakpoint
CREATE INDEX "charges_invoice_idx" ON "charges" USING btree ("clinic_id","invoice_id");--> statement-breakpoint
CREATE INDEX "charges_charged_idx" ON "charges" USING btree ("clinic_id","charged_at");--> statement-breakpoint
CREATE UNIQUE INDEX "package_uses_appointment_idx" ON "package_uses" USING btree ("clinic_id","appointment_id");--> statement-breakpoint
CREATE INDEX "package_uses_client_idx" ON "package_uses" USING btree ("clinic_id","client_id");--> statement-breakpoint
CREATE INDEX "packages_owner_idx" ON "packages" USING btree ("clinic_id","owner_client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_provider_idx" ON "payment_intents" USING btree ("provider","provider_intent_id");--> statement-breakpoint
CREATE INDEX "payments_case_idx" ON "payments" USING btree ("clinic_id","case_id");--> statement-breakpoint
CREATE INDEX "payments_client_idx" ON "payments" USING btree ("clinic_id","client_id");--> statement-breakpoint
CREATE INDEX "payments_invoice_idx" ON "payments" USING btree ("clinic_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payments_at_idx" ON "payments" USING btree ("clinic_id","at");--> statement-breakpoint
CREATE INDEX "clients_phone_idx" ON "clients" USING btree ("clinic_id","phone_normalized");--> statement-breakpoint
CREATE INDEX "clients_tax_id_idx" ON "clients" USING btree ("clinic_id","tax_id_normalized");