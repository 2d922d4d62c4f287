-- Custom SQL migration: what drizzle-kit cannot express in the schema file.
-- Fill the normalized client columns of rows written before 0003 (phone digits, tax ID without spaces).
UPDATE "clients" SET
  "phone_normalized" = NULLIF(regexp_replace(coalesce("phone", ''), '[^0-9]', '', 'g'), ''),
  "tax_id_normalized" = NULLIF(upper(regexp_replace(coalesce("tax_id", ''), '\s', '', 'g')), '');
--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_quantity_check" CHECK ("quantity" >= 1);
--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_status_check"
  CHECK ("status" IN ('uninvoiced', 'invoiced', 'void') AND ("status" <> 'invoiced' OR "invoice_id" IS NOT NULL));
--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_amount_check" CHECK ("amount" > 0 AND "kind" IN ('payment', 'refund'));
--> statement-breakpoint
ALTER TABLE "document_counters" ADD CONSTRAINT "document_counters_sequence_check" CHECK ("last_sequence" >= 1);
--> statement-breakpoint
ALTER TABLE "billing_documents" ADD CONSTRAINT "billing_documents_kind_check"
  CHECK (("kind" = 'invoice' AND "invoice_id" IS NULL) OR ("kind" = 'credit_note' AND "invoice_id" IS NOT NULL));
--> statement-breakpoint
-- Issued documents and payments never change: an UPDATE is refused whatever the application does.
CREATE FUNCTION "bookwell_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'BW001';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "billing_documents_immutable" BEFORE UPDATE ON "billing_documents"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_refuse_update"();
--> statement-breakpoint
CREATE TRIGGER "payments_immutable" BEFORE UPDATE ON "payments"
  FOR EACH ROW EXECUTE FUNCTION "bookwell_refuse_update"();
--> statement-breakpoint
-- An invoiced or void charge never changes again (corrections are credit notes).
CREATE TRIGGER "charges_settled_immutable" BEFORE UPDATE ON "charges"
  FOR EACH ROW WHEN (OLD."status" <> 'uninvoiced') EXECUTE FUNCTION "bookwell_refuse_update"();
