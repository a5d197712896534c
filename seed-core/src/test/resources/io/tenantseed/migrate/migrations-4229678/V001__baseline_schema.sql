-- Baseline of the platform schema: every table of the reference dataset, in dependency
-- order, every foreign key with an explicit ON DELETE. This is the only migration allowed
-- to create tables without IF NOT EXISTS; everything after it is additive only
-- (checked by the migration lint).
--
-- Tenancy: client_accounts is the tenant; every other table carries
-- client_account_id uuid not null. Uniqueness the platform declares global is either kept
-- global where the value is derived per tenant by the fixtures (client_accounts.slug) or
-- scoped by tenant (users.email, users.auth0_user_id), so that two tenants built from one
-- fixture can live side by side.

-- Flyway may have created the schema already, to hold its history table; creating it
-- conditionally keeps the file runnable on its own without a notice under Flyway.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'migration') THEN
        CREATE SCHEMA migration;
    END IF;
END
$$;

-- The tenant.
CREATE TABLE migration.client_accounts (
    id                 uuid        PRIMARY KEY,
    name               text        NOT NULL,
    slug               text        NOT NULL,
    description        text,
    industry           text,
    company_size       text,
    subscription_tier  text        NOT NULL DEFAULT 'standard',
    settings           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    agent_preferences  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    is_active          boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT client_accounts_slug_key UNIQUE (slug),
    CONSTRAINT client_accounts_name_not_blank CHECK (btrim(name) <> ''),
    CONSTRAINT client_accounts_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
    CONSTRAINT client_accounts_settings_object CHECK (jsonb_typeof(settings) = 'object'),
    CONSTRAINT client_accounts_agent_preferences_object CHECK (jsonb_typeof(agent_preferences) = 'object')
);

-- A user belongs to exactly one tenant here.
CREATE TABLE migration.users (
    id                 uuid        PRIMARY KEY,
    client_account_id  uuid        NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    auth0_user_id      text        NOT NULL,
    email              text        NOT NULL,
    full_name          text,
    is_active          boolean     NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_tenant_email_key UNIQUE (client_account_id, email),
    CONSTRAINT users_tenant_auth0_user_id_key UNIQUE (client_account_id, auth0_user_id),
    CONSTRAINT users_email_format CHECK (email ~ '^[^@\s]+@[^@\s]+$')
);

CREATE TABLE migration.engagements (
    id                    uuid        PRIMARY KEY,
    client_account_id     uuid        NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    name                  text        NOT NULL,
    description           text,
    engagement_type       text,
    status                text        NOT NULL DEFAULT 'planning',
    start_date            date,
    end_date              date,
    target_applications   integer,
    estimated_complexity  text,
    created_by            uuid        REFERENCES migration.users (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT engagements_name_not_blank CHECK (btrim(name) <> ''),
    CONSTRAINT engagements_dates_ordered CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    CONSTRAINT engagements_target_applications_positive CHECK (target_applications IS NULL OR target_applications >= 0)
);

-- The master flow: one row per orchestrated flow, keyed by flow_id. Child flows either
-- share its flow_id (assessment flows) or point at it through master_flow_id.
CREATE TABLE migration.crewai_flow_state_extensions (
    flow_id            uuid        PRIMARY KEY,
    client_account_id  uuid        NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    engagement_id      uuid        NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
    user_id            uuid        REFERENCES migration.users (id) ON DELETE SET NULL,
    flow_type          text        NOT NULL,
    display_name       text,
    description        text,
    flow_status        text        NOT NULL DEFAULT 'active',
    current_phase      text,
    phase_history      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    crew_ai_state      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT crewai_flow_state_extensions_phase_history_array CHECK (jsonb_typeof(phase_history) = 'array'),
    CONSTRAINT crewai_flow_state_extensions_crew_ai_state_object CHECK (jsonb_typeof(crew_ai_state) = 'object')
);

CREATE TABLE migration.discovery_flows (
    id                       uuid        PRIMARY KEY,
    flow_id                  uuid        NOT NULL,
    master_flow_id           uuid        REFERENCES migration.crewai_flow_state_extensions (flow_id) ON DELETE CASCADE,
    client_account_id        uuid        NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    engagement_id            uuid        NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
    user_id                  uuid        REFERENCES migration.users (id) ON DELETE SET NULL,
    discovery_type           text,
    target_platforms         text[]      NOT NULL DEFAULT '{}',
    status                   text        NOT NULL DEFAULT 'pending',
    phases                   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    discovered_assets_count  integer     NOT NULL DEFAULT 0,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT discovery_flows_flow_id_key UNIQUE (flow_id),
    CONSTRAINT discovery_flows_phases_object CHECK (jsonb_typeof(phases) = 'object'),
    CONSTRAINT discovery_flows_discovered_assets_count_positive CHECK (discovered_assets_count >= 0)
);

-- application_asset_groups: [{"group_id": ..., "name": ..., "asset_ids": ["<uuid>", ...]}, ...]
-- Asset ids inside the JSON are not foreign keys; the flow doctor checks them.
CREATE TABLE migration.assessment_flows (
    id                        uuid        PRIMARY KEY,
    flow_id                   uuid        NOT NULL,
    master_flow_id            uuid        REFERENCES migration.crewai_flow_state_extensions (flow_id) ON DELETE CASCADE,
    client_account_id         uuid        NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    engagement_id             uuid        NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
    user_id                   uuid        REFERENCES migration.users (id) ON DELETE SET NULL,
    status                    text        NOT NULL DEFAULT 'initialized',
    current_phase             text,
    progress                  numeric(5,2) NOT NULL DEFAULT 0,
    application_asset_groups  jsonb       NOT NULL DEFAULT '[]'::jsonb,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT assessment_flows_flow_id_key UNIQUE (flow_id),
    CONSTRAINT assessment_flows_groups_array CHECK (jsonb_typeof(application_asset_groups) = 'array'),
    CONSTRAINT assessment_flows_progress_range CHECK (progress BETWEEN 0 AND 100)
);

CREATE TABLE migration.data_imports (
    id                   uuid         PRIMARY KEY,
    client_account_id    uuid         NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    engagement_id        uuid         NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
    master_flow_id       uuid         REFERENCES migration.crewai_flow_state_extensions (flow_id) ON DELETE CASCADE,
    import_name          text         NOT NULL,
    import_type          text         NOT NULL,
    filename             text,
    file_size            bigint,
    mime_type            text,
    source_system        text,
    status               text         NOT NULL DEFAULT 'pending',
    progress_percentage  numeric(5,2) NOT NULL DEFAULT 0,
    total_records        integer      NOT NULL DEFAULT 0,
    processed_records    integer      NOT NULL DEFAULT 0,
    failed_records       integer      NOT NULL DEFAULT 0,
    started_at           timestamptz,
    completed_at         timestamptz,
    imported_by          uuid         REFERENCES migration.users (id) ON DELETE SET NULL,
    created_at           timestamptz  NOT NULL DEFAULT now(),
    updated_at           timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT data_imports_file_size_positive CHECK (file_size IS NULL OR file_size >= 0),
    CONSTRAINT data_imports_progress_range CHECK (progress_percentage BETWEEN 0 AND 100),
    CONSTRAINT data_imports_records_consistent CHECK (
        total_records >= 0 AND processed_records >= 0 AND failed_records >= 0
        AND processed_records + failed_records <= total_records),
    CONSTRAINT data_imports_times_ordered CHECK (completed_at IS NULL OR started_at IS NULL OR completed_at >= started_at)
);

-- Assets keep existing when the flow that discovered them goes: their flow references are
-- cleared (SET NULL), not cascaded.
CREATE TABLE migration.assets (
    id                          uuid          PRIMARY KEY,
    client_account_id           uuid          NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    engagement_id               uuid          NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
    master_flow_id              uuid          REFERENCES migration.crewai_flow_state_extensions (flow_id) ON DELETE SET NULL,
    discovery_flow_id           uuid          REFERENCES migration.discovery_flows (id) ON DELETE SET NULL,
    asset_name                  text          NOT NULL,
    asset_type                  text          NOT NULL,
    asset_subtype               text,
    hostname                    text,
    ip_address                  inet,
    os_type                     text,
    os_version                  text,
    cpu_cores                   integer,
    memory_gb                   numeric(10,2),
    storage_gb                  numeric(12,2),
    environment                 text,
    business_unit               text,
    business_criticality        text,
    application_name            text,
    technology_stack            text[],
    six_r_strategy              text,
    migration_complexity        text,
    migration_priority          integer,
    migration_wave              integer,
    cpu_utilization_percent     numeric(5,2),
    memory_utilization_percent  numeric(5,2),
    completeness_score          numeric(4,3),
    confidence_score            numeric(4,3),
    created_at                  timestamptz   NOT NULL DEFAULT now(),
    updated_at                  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT assets_name_not_blank CHECK (btrim(asset_name) <> ''),
    CONSTRAINT assets_cpu_cores_positive CHECK (cpu_cores IS NULL OR cpu_cores > 0),
    CONSTRAINT assets_resources_positive CHECK (
        (memory_gb IS NULL OR memory_gb >= 0) AND (storage_gb IS NULL OR storage_gb >= 0)),
    CONSTRAINT assets_utilization_range CHECK (
        (cpu_utilization_percent IS NULL OR cpu_utilization_percent BETWEEN 0 AND 100)
        AND (memory_utilization_percent IS NULL OR memory_utilization_percent BETWEEN 0 AND 100)),
    CONSTRAINT assets_scores_range CHECK (
        (completeness_score IS NULL OR completeness_score BETWEEN 0 AND 1)
        AND (confidence_score IS NULL OR confidence_score BETWEEN 0 AND 1))
);

CREATE TABLE migration.import_field_mappings (
    id                    uuid         PRIMARY KEY,
    data_import_id        uuid         NOT NULL REFERENCES migration.data_imports (id) ON DELETE CASCADE,
    client_account_id     uuid         NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
    master_flow_id        uuid         REFERENCES migration.crewai_flow_state_extensions (flow_id) ON DELETE CASCADE,
    source_field          text         NOT NULL,
    target_field          text         NOT NULL,
    match_type            text         NOT NULL DEFAULT 'exact',
    confidence_score      numeric(4,3),
    status                text         NOT NULL DEFAULT 'suggested',
    suggested_by          text,
    approved_by           uuid         REFERENCES migration.users (id) ON DELETE SET NULL,
    approved_at           timestamptz,
    transformation_rules  jsonb,
    created_at            timestamptz  NOT NULL DEFAULT now(),
    updated_at            timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT import_field_mappings_confidence_range CHECK (confidence_score IS NULL OR confidence_score BETWEEN 0 AND 1),
    CONSTRAINT import_field_mappings_rules_object CHECK (
        transformation_rules IS NULL OR jsonb_typeof(transformation_rules) = 'object')
);
