-- Dates of a calendar fall in the years 1970–2199 (the engine's `dateSchema`), as every other date
-- of the API already did; before, a calendar body took any date (`9999-01-01`). A stored date
-- outside that range never touched a bookable day, so dropping it changes no schedule, and the
-- engine then reads every stored calendar again:
-- - an override dated outside the range is removed;
-- - a weekly shift's `validFrom` before 1970 or `validUntil` after 2199 (e.g. `9999-12-31` for
--   "open-ended") is removed, which is what it meant.
UPDATE "calendars" SET "data" = jsonb_set("data", '{overrides}', COALESCE((
	SELECT jsonb_agg(o.value ORDER BY o.position)
	FROM jsonb_array_elements("data"->'overrides') WITH ORDINALITY AS o(value, position)
	WHERE o.value->>'date' BETWEEN '1970-01-01' AND '2199-12-31'
), '[]'::jsonb))
WHERE jsonb_typeof("data"->'overrides') = 'array' AND EXISTS (
	SELECT 1 FROM jsonb_array_elements("data"->'overrides') AS o(value)
	WHERE NOT (o.value->>'date' BETWEEN '1970-01-01' AND '2199-12-31')
);--> statement-breakpoint
UPDATE "calendars" SET "data" = jsonb_set("data", '{weekly}', (
	SELECT jsonb_agg(
		CASE
			WHEN s.value->>'validFrom' < '1970-01-01' AND s.value->>'validUntil' > '2199-12-31'
				THEN s.value - 'validFrom' - 'validUntil'
			WHEN s.value->>'validFrom' < '1970-01-01' THEN s.value - 'validFrom'
			WHEN s.value->>'validUntil' > '2199-12-31' THEN s.value - 'validUntil'
			ELSE s.value
		END
		ORDER BY s.position
	)
	FROM jsonb_array_elements("data"->'weekly') WITH ORDINALITY AS s(value, position)
))
WHERE jsonb_typeof("data"->'weekly') = 'array' AND jsonb_array_length("data"->'weekly') > 0 AND EXISTS (
	SELECT 1 FROM jsonb_array_elements("data"->'weekly') AS s(value)
	WHERE s.value->>'validFrom' < '1970-01-01' OR s.value->>'validUntil' > '2199-12-31'
);
