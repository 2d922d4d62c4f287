ALTER TABLE "holds" ADD COLUMN "visitor_hash" text;--> statement-breakpoint
ALTER TABLE "holds" ADD COLUMN "email_hash" text;--> statement-breakpoint
CREATE INDEX "holds_visitor_idx" ON "holds" USING btree ("clinic_id","visitor_hash");--> statement-breakpoint
CREATE INDEX "holds_email_idx" ON "holds" USING btree ("clinic_id","email_hash");