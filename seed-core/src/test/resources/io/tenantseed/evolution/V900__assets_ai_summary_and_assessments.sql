-- A test-only migration, applied after the platform's migrations/ by tests that check that
-- tenant-seed follows an additive change of the schema without a change of its code: a
-- nullable column, a NOT NULL column with a DEFAULT, and a new tenant table whose NOT NULL
-- columns without a default no builder knows, made the way
-- the platform's own migrations make them (indexes as V002, grant and forced row-level
-- security as V003). Version 900 sorts after every platform migration for a long while;
-- like them, the file runs twice safely and passes seed lint-migrations.

ALTER TABLE migration.assets ADD COLUMN IF NOT EXISTS ai_summary_text text;
ALTER TABLE migration.assets ADD COLUMN IF NOT EXISTS data_source text NOT NULL DEFAULT 'discovery';
CREATE TABLE IF NOT EXISTS migration.assessments (
    id uuid PRIMARY KEY,
    client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    engagement_id uuid NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
    asset_id uuid NOT NULL REFERENCES migration.assets (id) ON DELETE CASCADE,
    readiness_score numeric(4,3), notes text, created_at timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL CONSTRAINT assessments_status_known CHECK (status IN ('draft', 'final')),
    review_band integer NOT NULL CONSTRAINT assessments_review_band_range CHECK (review_band BETWEEN 1 AND 5));

-- Leading with the tenant, then one index per foreign key that the first does not lead with.
CREATE INDEX IF NOT EXISTS assessments_tenant_engagement_idx
    ON migration.assessments (client_account_id, engagement_id);
CREATE INDEX IF NOT EXISTS assessments_engagement_id_idx
    ON migration.assessments (engagement_id);
CREATE INDEX IF NOT EXISTS assessments_asset_id_idx
    ON migration.assessments (asset_id);

GRANT SELECT, INSERT, UPDATE, DELETE ON migration.assessments TO seed_app;

ALTER TABLE migration.assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.assessments FORCE ROW LEVEL SECURITY;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'migration' AND tablename = 'assessments' AND policyname = 'tenant_isolation') THEN
        CREATE POLICY tenant_isolation ON migration.assessments TO seed_app
            USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
            WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                   WHERE schemaname = 'migration' AND tablename = 'assessments' AND policyname = 'owner_all') THEN
        CREATE POLICY owner_all ON migration.assessments TO CURRENT_USER USING (true) WITH CHECK (true);
    END IF;
END
$$;
