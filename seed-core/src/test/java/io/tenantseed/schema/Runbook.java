package io.tenantseed.schema;

/**
 * The SQL of the platform's flow-cleanup runbook, as written there. Its placeholder literals
 * (tenant and engagement "1", flow 'bad-flow-uuid-here') stand where this schema has uuids,
 * so {@link #bind} replaces exactly those, and nothing else, by bind parameters.
 */
public final class Runbook {

  private Runbook() {}

  public static final String DETECTION = """
      SELECT
          af.flow_id,
          af.application_asset_groups,
          jsonb_array_length(af.application_asset_groups) as group_count,
          (SELECT COUNT(*)
           FROM jsonb_array_elements(af.application_asset_groups) AS app_group,
                jsonb_array_elements(app_group->'asset_ids') AS asset_id
          ) as total_asset_refs
      FROM migration.assessment_flows af
      WHERE af.client_account_id = 1 AND af.engagement_id = 1;""";

  public static final String DELETE_CHILD = """
      DELETE FROM migration.assessment_flows
      WHERE flow_id = 'bad-flow-uuid-here'
        AND client_account_id = 1
        AND engagement_id = 1;""";

  public static final String DELETE_MASTER = """
      DELETE FROM migration.crewai_flow_state_extensions
      WHERE flow_id = 'bad-flow-uuid-here'
        AND client_account_id = 1
        AND engagement_id = 1;""";

  public static final String VERIFICATION = """
      SELECT
          flow_id,
          jsonb_array_length(application_asset_groups) as groups,
          created_at
      FROM migration.assessment_flows
      WHERE client_account_id = 1 AND engagement_id = 1
      ORDER BY created_at DESC;""";

  /** Replaces exactly the runbook's placeholder literals with bind parameters. */
  public static String bind(String runbookSql) {
    String sql = runbookSql
        .replace("client_account_id = 1", "client_account_id = ?")
        .replace("engagement_id = 1", "engagement_id = ?")
        .replace("'bad-flow-uuid-here'", "?");
    return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
  }
}
