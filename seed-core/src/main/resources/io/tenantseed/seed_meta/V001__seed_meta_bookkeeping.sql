-- tenant-seed's own bookkeeping, kept apart from the application's schema and applied with
-- its own Flyway history table (seed_meta.flyway_schema_history).
-- Deliberately no column named client_account_id here: these are not tenant tables, and a
-- tenant purge must never plan them.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'seed_meta') THEN
        CREATE SCHEMA seed_meta;
    END IF;
END
$$;

-- Which tenants tenant-seed wrote, from which fixture and fixture version.
CREATE TABLE IF NOT EXISTS seed_meta.tenants (
    tenant_id        uuid        PRIMARY KEY,
    fixture_name     text        NOT NULL,
    fixture_version  text        NOT NULL,
    seeded_at        timestamptz NOT NULL DEFAULT now(),
    seeded_by        text        NOT NULL DEFAULT current_user,
    row_counts       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT tenants_row_counts_object CHECK (jsonb_typeof(row_counts) = 'object')
);

-- What kind of database this is. At most one row; no row means "not set".
CREATE TABLE IF NOT EXISTS seed_meta.environment (
    singleton  boolean     PRIMARY KEY DEFAULT true,
    name       text        NOT NULL,
    set_at     timestamptz NOT NULL DEFAULT now(),
    set_by     text        NOT NULL DEFAULT current_user,
    CONSTRAINT environment_singleton CHECK (singleton),
    CONSTRAINT environment_name_known CHECK (name IN ('development', 'test', 'staging', 'production'))
);

-- One row per purged tenant or deleted flow: who, when, what, how many rows per table.
CREATE TABLE IF NOT EXISTS seed_meta.purge_log (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope          text        NOT NULL,
    tenant_id      uuid        NOT NULL,
    engagement_id  uuid,
    flow_id        uuid,
    forced         boolean     NOT NULL DEFAULT false,
    purged_at      timestamptz NOT NULL DEFAULT now(),
    purged_by      text        NOT NULL DEFAULT current_user,
    row_counts     jsonb       NOT NULL,
    CONSTRAINT purge_log_scope_known CHECK (scope IN ('tenant', 'flow')),
    CONSTRAINT purge_log_flow_scope CHECK ((scope = 'flow') = (flow_id IS NOT NULL)),
    CONSTRAINT purge_log_row_counts_object CHECK (jsonb_typeof(row_counts) = 'object')
);

CREATE INDEX IF NOT EXISTS purge_log_tenant_id_idx ON seed_meta.purge_log (tenant_id);
