package io.tenantseed.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.testing.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The detection, deletion and verification queries of the platform's flow-cleanup runbook
 * run against this schema as written. The runbook's placeholder literals (tenant and
 * engagement "1", flow 'bad-flow-uuid-here') stand where this schema has uuids, so they are
 * the only text replaced: by bind parameters.
 */
class RunbookQueriesTest {

  private static final String DETECTION = """
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

  private static final String DELETE_CHILD = """
      DELETE FROM migration.assessment_flows
      WHERE flow_id = 'bad-flow-uuid-here'
        AND client_account_id = 1
        AND engagement_id = 1;""";

  private static final String DELETE_MASTER = """
      DELETE FROM migration.crewai_flow_state_extensions
      WHERE flow_id = 'bad-flow-uuid-here'
        AND client_account_id = 1
        AND engagement_id = 1;""";

  private static final String VERIFICATION = """
      SELECT
          flow_id,
          jsonb_array_length(application_asset_groups) as groups,
          created_at
      FROM migration.assessment_flows
      WHERE client_account_id = 1 AND engagement_id = 1
      ORDER BY created_at DESC;""";

  private final DSLContext db = DSL.using(TestDatabase.shared().dataSource(), SQLDialect.POSTGRES);

  @Test
  void detectionDeletionAndVerificationRunAndFindTheBadFlow() {
    UUID tenant = UUID.randomUUID();
    UUID engagement = TenantRows.engagement(tenant);
    TenantRows.insert(db, tenant, 4);
    List<UUID> flows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UUID flow = TenantRows.id(tenant, "runbook-flow/" + i);
      flows.add(flow);
      TenantRows.masterFlow(db, tenant, engagement, flow);
      List<List<UUID>> groups = i == 2
          ? List.of(Collections.nCopies(16, TenantRows.asset(tenant, 0)))
          : List.of(List.of(TenantRows.asset(tenant, 1)), List.of(TenantRows.asset(tenant, 2), TenantRows.asset(tenant, 3)));
      TenantRows.assessmentFlow(db, tenant, engagement, flow, groups);
    }
    UUID bad = flows.get(2);

    Result<Record> detected = db.fetch(bind(DETECTION), tenant, engagement);
    Record badRow = detected.stream().filter(r -> r.get("flow_id", UUID.class).equals(bad)).findFirst().orElseThrow();

    assertThat(detected).hasSize(6); // the five runbook flows and TenantRows' own one
    assertThat(badRow.get("group_count", Integer.class)).isEqualTo(1);
    assertThat(badRow.get("total_asset_refs", Integer.class)).isEqualTo(16);

    assertThat(db.execute(bind(DELETE_CHILD), bad, tenant, engagement)).isEqualTo(1);
    assertThat(db.execute(bind(DELETE_MASTER), bad, tenant, engagement)).isEqualTo(1);

    Result<Record> remaining = db.fetch(bind(VERIFICATION), tenant, engagement);
    assertThat(remaining).extracting(r -> r.get("flow_id", UUID.class)).hasSize(5).doesNotContain(bad);
  }

  /** Replaces exactly the runbook's placeholder literals with bind parameters. */
  private static String bind(String runbookSql) {
    String sql = runbookSql
        .replace("client_account_id = 1", "client_account_id = ?")
        .replace("engagement_id = 1", "engagement_id = ?")
        .replace("'bad-flow-uuid-here'", "?");
    return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
  }
}
