CREATE INDEX "appointments_end_idx" ON "appointments" USING btree ("clinic_id","end_at");--> statement-breakpoint
CREATE INDEX "holds_end_idx" ON "holds" USING btree ("clinic_id","end_at");