-- "Not set" becomes a row of its own, name 'unset', so that the marker is always exactly one
-- row: a database whose row was deleted is then told from one never marked, and every guard
-- refuses on it. The CHECK environment_name_known (where it is still there) is widened to the
-- new name under its own name, and a table without a row gets the 'unset' one. Each step
-- checks first, so the file runs twice safely.
DO $$
BEGIN
    IF to_regclass('seed_meta.environment') IS NOT NULL THEN
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                   WHERE conrelid = 'seed_meta.environment'::regclass AND conname = 'environment_name_known'
                     AND pg_catalog.pg_get_constraintdef(oid) NOT LIKE '%''unset''%') THEN
            ALTER TABLE seed_meta.environment DROP CONSTRAINT environment_name_known;
            ALTER TABLE seed_meta.environment ADD CONSTRAINT environment_name_known
                CHECK (name IN ('unset', 'development', 'test', 'staging', 'production'));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM seed_meta.environment) THEN
            INSERT INTO seed_meta.environment (singleton, name) VALUES (true, 'unset');
        END IF;
    END IF;
END
$$;
