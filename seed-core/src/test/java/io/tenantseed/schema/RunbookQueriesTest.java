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
 * ({@link Runbook}) run against this schema as written, but for their placeholder literals.
 */
class RunbookQueriesTest {

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

    Result<Record> detected = db.fetch(Runbook.bind(Runbook.DETECTION), tenant, engagement);
    Record badRow = detected.stream().filter(r -> r.get("flow_id", UUID.class).equals(bad)).findFirst().orElseThrow();

    assertThat(detected).hasSize(6); // the five runbook flows and TenantRows' own one
    assertThat(badRow.get("group_count", Integer.class)).isEqualTo(1);
    assertThat(badRow.get("total_asset_refs", Integer.class)).isEqualTo(16);

    assertThat(db.execute(Runbook.bind(Runbook.DELETE_CHILD), bad, tenant, engagement)).isEqualTo(1);
    assertThat(db.execute(Runbook.bind(Runbook.DELETE_MASTER), bad, tenant, engagement)).isEqualTo(1);

    Result<Record> remaining = db.fetch(Runbook.bind(Runbook.VERIFICATION), tenant, engagement);
    assertThat(remaining).extracting(r -> r.get("flow_id", UUID.class)).hasSize(5).doesNotContain(bad);
  }
}
