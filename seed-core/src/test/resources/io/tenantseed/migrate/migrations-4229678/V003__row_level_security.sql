-- Row-level security on every tenant table, enabled and FORCED, so that even the table
-- owner goes through a policy. The application role seed_app (no login, no BYPASSRLS)
-- sees and writes only the rows of the tenant named by the session setting app.client_id;
-- with the setting unset (or reset to '') it sees nothing. The role that runs the
-- migrations (the owner) keeps full loading rights through its own policy.
--
-- Roles are cluster-wide: seed_app is created only if absent, so several databases of one
-- server can share it.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'seed_app') THEN
        CREATE ROLE seed_app NOLOGIN NOBYPASSRLS;
    END IF;
EXCEPTION
    -- another database of the same server created it at the same moment
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- Table by table, never ON ALL TABLES: the schema also holds tables that are no tenant's
-- (Flyway's history, for one). A later migration that adds a tenant table grants it and
-- forces row-level security on it; the schema tests check both.
GRANT USAGE ON SCHEMA migration TO seed_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    migration.client_accounts, migration.users, migration.engagements,
    migration.crewai_flow_state_extensions, migration.discovery_flows, migration.assessment_flows,
    migration.data_imports, migration.assets, migration.import_field_mappings
    TO seed_app;

-- The tenant row itself: a tenant sees its own client account, by id.
ALTER TABLE migration.client_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.client_accounts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.client_accounts TO seed_app
    USING (id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.client_accounts TO CURRENT_USER
    USING (true) WITH CHECK (true);

-- Every other tenant table: by client_account_id. One block per table keeps the policy
-- text greppable and reviewable.
ALTER TABLE migration.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.users TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.users TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE migration.engagements ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.engagements FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.engagements TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.engagements TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE migration.crewai_flow_state_extensions ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.crewai_flow_state_extensions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.crewai_flow_state_extensions TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.crewai_flow_state_extensions TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE migration.discovery_flows ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.discovery_flows FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.discovery_flows TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.discovery_flows TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE migration.assessment_flows ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.assessment_flows FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.assessment_flows TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.assessment_flows TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE migration.data_imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.data_imports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.data_imports TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.data_imports TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE migration.assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.assets FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.assets TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.assets TO CURRENT_USER USING (true) WITH CHECK (true);

ALTER TABLE migration.import_field_mappings ENABLE ROW LEVEL SECURITY;
ALTER TABLE migration.import_field_mappings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON migration.import_field_mappings TO seed_app
    USING (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid)
    WITH CHECK (client_account_id = nullif(current_setting('app.client_id', true), '')::uuid);
CREATE POLICY owner_all ON migration.import_field_mappings TO CURRENT_USER USING (true) WITH CHECK (true);
