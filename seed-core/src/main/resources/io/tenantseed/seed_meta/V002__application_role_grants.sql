-- The application role of the platform schema (seed_app, created by its migrations, which
-- run first) may seed tenants under row-level security: it reads the environment marker and
-- registers, or replaces, the tenants it writes. Nothing else of seed_meta is granted.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'seed_app') THEN
        GRANT USAGE ON SCHEMA seed_meta TO seed_app;
        GRANT SELECT ON seed_meta.environment TO seed_app;
        GRANT SELECT, INSERT, DELETE ON seed_meta.tenants TO seed_app;
    END IF;
END
$$;
