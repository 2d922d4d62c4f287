ALTER TABLE "clinics" ADD COLUMN "brand_color" text;--> statement-breakpoint
ALTER TABLE "clinics" ADD COLUMN "logo_url" text;