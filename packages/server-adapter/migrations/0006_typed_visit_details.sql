ALTER TABLE "appointments" ADD COLUMN "contact_name" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "price_amount" integer;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "price_currency" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "patient_message" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "any_provider" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "rebooked_from_id" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "rebooked_to_id" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "rebooked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "copied_from_id" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "hold_id" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "free_cancellation_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "canceled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "canceled_by" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancel_late" boolean;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancel_fee_amount" integer;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancel_fee_currency" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "notify_send" boolean;--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "notify_reminder_offsets_minutes" integer[];--> statement-breakpoint
ALTER TABLE "appointments" ADD COLUMN "notify_channels" text[];--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "locale" text;--> statement-breakpoint
-- Data: what the product read from the untyped `extra` moves to its typed column (values of the
-- wrong JSON type are left out, never half-copied), then leaves `extra`.
UPDATE "appointments" SET
	"contact_name" = CASE WHEN jsonb_typeof("extra"->'contact'->'name') = 'string' THEN "extra"->'contact'->>'name' END,
	"contact_email" = CASE WHEN jsonb_typeof("extra"->'contact'->'email') = 'string' AND "extra"->'contact'->>'email' <> '' THEN "extra"->'contact'->>'email' END,
	"contact_phone" = CASE WHEN jsonb_typeof("extra"->'contact'->'phone') = 'string' AND "extra"->'contact'->>'phone' <> '' THEN "extra"->'contact'->>'phone' END,
	"price_amount" = CASE WHEN jsonb_typeof("extra"->'price'->'amount') = 'number' AND jsonb_typeof("extra"->'price'->'currency') = 'string' THEN ("extra"->'price'->>'amount')::numeric::integer END,
	"price_currency" = CASE WHEN jsonb_typeof("extra"->'price'->'amount') = 'number' AND jsonb_typeof("extra"->'price'->'currency') = 'string' THEN "extra"->'price'->>'currency' END,
	"locale" = CASE WHEN jsonb_typeof("extra"->'locale') = 'string' THEN "extra"->>'locale' END,
	"patient_message" = CASE WHEN jsonb_typeof("extra"->'patientMessage') = 'string' THEN "extra"->>'patientMessage' END,
	"any_provider" = COALESCE("extra"->>'providerChoice' = 'any', false),
	"rebooked_from_id" = CASE WHEN jsonb_typeof("extra"->'rebookedFrom') = 'string' THEN "extra"->>'rebookedFrom' END,
	"rebooked_to_id" = CASE WHEN jsonb_typeof("extra"->'rebookedTo') = 'string' THEN "extra"->>'rebookedTo' END,
	"rebooked_at" = CASE WHEN jsonb_typeof("extra"->'rebookedAt') = 'string' THEN ("extra"->>'rebookedAt')::timestamptz END,
	"copied_from_id" = CASE WHEN jsonb_typeof("extra"->'copiedFrom') = 'string' THEN "extra"->>'copiedFrom' END,
	"hold_id" = CASE WHEN jsonb_typeof("extra"->'holdId') = 'string' THEN "extra"->>'holdId' END,
	"free_cancellation_until" = CASE WHEN jsonb_typeof("extra"->'freeCancellationUntil') = 'string' THEN ("extra"->>'freeCancellationUntil')::timestamptz END,
	"canceled_at" = CASE WHEN jsonb_typeof("extra"->'cancellation'->'at') = 'string' THEN ("extra"->'cancellation'->>'at')::timestamptz END,
	"canceled_by" = CASE WHEN jsonb_typeof("extra"->'cancellation'->'by') = 'string' THEN "extra"->'cancellation'->>'by' END,
	"cancel_late" = CASE WHEN jsonb_typeof("extra"->'cancellation'->'late') = 'boolean' THEN ("extra"->'cancellation'->>'late')::boolean END,
	"cancel_fee_amount" = CASE WHEN jsonb_typeof("extra"->'cancellation'->'fee'->'amount') = 'number' AND jsonb_typeof("extra"->'cancellation'->'fee'->'currency') = 'string' THEN ("extra"->'cancellation'->'fee'->>'amount')::numeric::integer END,
	"cancel_fee_currency" = CASE WHEN jsonb_typeof("extra"->'cancellation'->'fee'->'amount') = 'number' AND jsonb_typeof("extra"->'cancellation'->'fee'->'currency') = 'string' THEN "extra"->'cancellation'->'fee'->>'currency' END,
	"cancel_reason" = CASE WHEN jsonb_typeof("extra"->'cancellation'->'reason') = 'string' THEN "extra"->'cancellation'->>'reason' END,
	"notify_send" = CASE WHEN jsonb_typeof("extra"->'notifications'->'send') = 'boolean' THEN ("extra"->'notifications'->>'send')::boolean END,
	"notify_reminder_offsets_minutes" = CASE WHEN jsonb_typeof("extra"->'notifications'->'reminderOffsetsMinutes') = 'array' THEN ARRAY(SELECT (v)::numeric::integer FROM jsonb_array_elements_text("extra"->'notifications'->'reminderOffsetsMinutes') AS v) END,
	"notify_channels" = CASE WHEN jsonb_typeof("extra"->'notifications'->'channels') = 'array' THEN ARRAY(SELECT v FROM jsonb_array_elements_text("extra"->'notifications'->'channels') AS v) END,
	"extra" = "extra" - 'contact' - 'price' - 'locale' - 'patientMessage' - 'providerChoice' - 'rebookedFrom' - 'rebookedTo' - 'rebookedAt' - 'copiedFrom' - 'holdId' - 'freeCancellationUntil' - 'cancellation' - 'notifications';
--> statement-breakpoint
UPDATE "clients" SET
	"address" = CASE WHEN jsonb_typeof("extra"->'address') = 'string' THEN "extra"->>'address' END,
	"notes" = CASE WHEN jsonb_typeof("extra"->'notes') = 'string' THEN "extra"->>'notes' END,
	"locale" = CASE WHEN jsonb_typeof("extra"->'locale') = 'string' THEN "extra"->>'locale' END,
	"extra" = "extra" - 'address' - 'notes' - 'locale';
