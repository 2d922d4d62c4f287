-- Custom SQL migration: merging a duplicate patient files their issued documents, payments and
-- settled charges under the kept patient. Those rows stay immutable except for that: an UPDATE
-- that changes nothing but `client_id` (and, on charges, the version and update time) passes;
-- every other change is still refused (the printed snapshot of a document never changes).
CREATE OR REPLACE FUNCTION "bookwell_refuse_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (to_jsonb(NEW) - ARRAY['client_id', 'version', 'updated_at'])
     = (to_jsonb(OLD) - ARRAY['client_id', 'version', 'updated_at']) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME USING ERRCODE = 'BW001';
END;
$$;
