-- Custom SQL migration: the client search (`search` of listClients, GET /v1/staff/client-search)
-- finds a substring of the name, e-mail, tax ID or notes, or of the phone's digits. A B-tree cannot
-- serve `LIKE '%…%'`; trigram indexes can (pg_trgm, a trusted extension since PostgreSQL 13; PGlite
-- loads it with the storage). One index over the searched text fields joined by chr(31) (a
-- character no query contains, so no match spans two fields) and one over the phone's digits: the
-- planner combines the two for the search's OR. The expression must stay the one the storage
-- queries (src/storage/sql/sql-transaction.ts, `clientSearchText`).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_search_trgm_idx" ON "clients" USING gin ((lower("name") || chr(31) || coalesce("email_normalized", '') || chr(31) || coalesce(lower("tax_id"), '') || chr(31) || coalesce(lower("notes"), '')) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "clients_phone_trgm_idx" ON "clients" USING gin ("phone_normalized" gin_trgm_ops);
