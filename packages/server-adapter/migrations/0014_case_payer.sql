ALTER TABLE "cases" ADD COLUMN "payer_kind" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "payer_name" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "payer_tax_id" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "payer_address" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "payer_email" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "payer_reference" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "referral_by" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "referral_date" date;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "referral_reference" text;--> statement-breakpoint
-- Data: a payer or referral kept in the untyped `extra` moves to the typed columns when it has a
-- recognisable shape, then leaves `extra` (everything else stays there):
--   extra.payer    {kind?, name, taxId?, address?, email?, reference? | policy? | policyNumber?} or a name;
--   extra.insurer  the same shape (kind insurer) or a name, used when there is no extra.payer;
--   extra.referral {by | doctor | source, date? (YYYY-MM-DD), reference?} or who referred.
-- A payer without a usable name, or a referral without who, is not recognisable and stays in
-- `extra`; a sub-field of the wrong JSON type or too long for an invoice is left out.
WITH "legacy" AS (
	SELECT "clinic_id", "id", "extra",
		CASE
			WHEN jsonb_typeof("extra"->'payer') = 'object' THEN "extra"->'payer'
			WHEN jsonb_typeof("extra"->'payer') = 'string' THEN jsonb_build_object('name', "extra"->'payer')
		END AS "payer",
		CASE
			WHEN jsonb_typeof("extra"->'insurer') = 'object' THEN "extra"->'insurer' || '{"kind":"insurer"}'
			WHEN jsonb_typeof("extra"->'insurer') = 'string' THEN jsonb_build_object('kind', 'insurer', 'name', "extra"->'insurer')
		END AS "insurer",
		CASE
			WHEN jsonb_typeof("extra"->'referral') = 'object' THEN "extra"->'referral'
			WHEN jsonb_typeof("extra"->'referral') = 'string' THEN jsonb_build_object('by', "extra"->'referral')
		END AS "referral"
	FROM "cases"
), "named" AS (
	SELECT "clinic_id", "id", "extra", "referral",
		CASE
			WHEN jsonb_typeof("payer"->'name') = 'string' AND btrim("payer"->>'name') <> '' AND length("payer"->>'name') <= 300 THEN 'payer'
			WHEN jsonb_typeof("insurer"->'name') = 'string' AND btrim("insurer"->>'name') <> '' AND length("insurer"->>'name') <= 300 THEN 'insurer'
		END AS "payer_key",
		CASE
			WHEN jsonb_typeof("payer"->'name') = 'string' AND btrim("payer"->>'name') <> '' AND length("payer"->>'name') <= 300 THEN "payer"
			WHEN jsonb_typeof("insurer"->'name') = 'string' AND btrim("insurer"->>'name') <> '' AND length("insurer"->>'name') <= 300 THEN "insurer"
		END AS "p",
		CASE
			WHEN jsonb_typeof("referral"->'by') = 'string' AND btrim("referral"->>'by') <> '' THEN "referral"->>'by'
			WHEN jsonb_typeof("referral"->'doctor') = 'string' AND btrim("referral"->>'doctor') <> '' THEN "referral"->>'doctor'
			WHEN jsonb_typeof("referral"->'source') = 'string' AND btrim("referral"->>'source') <> '' THEN "referral"->>'source'
		END AS "referral_by"
	FROM "legacy"
)
UPDATE "cases" SET
	"payer_kind" = CASE WHEN "named"."p" IS NULL THEN NULL WHEN "named"."p"->>'kind' IN ('insurer', 'employer', 'other') THEN "named"."p"->>'kind' ELSE 'other' END,
	"payer_name" = "named"."p"->>'name',
	"payer_tax_id" = CASE WHEN jsonb_typeof("named"."p"->'taxId') = 'string' AND "named"."p"->>'taxId' <> '' AND length("named"."p"->>'taxId') <= 50 THEN "named"."p"->>'taxId' END,
	"payer_address" = CASE WHEN jsonb_typeof("named"."p"->'address') = 'string' AND "named"."p"->>'address' <> '' AND length("named"."p"->>'address') <= 1000 THEN "named"."p"->>'address' END,
	"payer_email" = CASE WHEN jsonb_typeof("named"."p"->'email') = 'string' AND "named"."p"->>'email' <> '' AND length("named"."p"->>'email') <= 320 THEN "named"."p"->>'email' END,
	"payer_reference" = CASE
		WHEN jsonb_typeof("named"."p"->'reference') = 'string' AND "named"."p"->>'reference' <> '' THEN "named"."p"->>'reference'
		WHEN jsonb_typeof("named"."p"->'policy') = 'string' AND "named"."p"->>'policy' <> '' THEN "named"."p"->>'policy'
		WHEN jsonb_typeof("named"."p"->'policyNumber') = 'string' AND "named"."p"->>'policyNumber' <> '' THEN "named"."p"->>'policyNumber'
	END,
	"referral_by" = "named"."referral_by",
	"referral_date" = CASE
		WHEN "named"."referral_by" IS NOT NULL AND jsonb_typeof("named"."referral"->'date') = 'string'
			AND "named"."referral"->>'date' ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN
			CASE
				WHEN substr("named"."referral"->>'date', 9, 2)::integer <= extract(day FROM (substr("named"."referral"->>'date', 1, 7) || '-01')::date + interval '1 month' - interval '1 day')
				THEN ("named"."referral"->>'date')::date
			END
	END,
	"referral_reference" = CASE WHEN "named"."referral_by" IS NOT NULL AND jsonb_typeof("named"."referral"->'reference') = 'string' AND "named"."referral"->>'reference' <> '' THEN "named"."referral"->>'reference' END,
	"extra" = "cases"."extra"
		- CASE WHEN "named"."payer_key" = 'payer' THEN 'payer' WHEN "named"."payer_key" = 'insurer' THEN 'insurer' ELSE '' END
		- CASE WHEN "named"."referral_by" IS NOT NULL THEN 'referral' ELSE '' END
FROM "named"
WHERE "cases"."clinic_id" = "named"."clinic_id" AND "cases"."id" = "named"."id"
	AND ("named"."p" IS NOT NULL OR "named"."referral_by" IS NOT NULL);
