package io.tenantseed.purge;

import static io.tenantseed.schema.migration.Tables.*;
import static io.tenantseed.graph.Tenants.tenant;
import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.seed_meta.Tables.PURGE_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.schema.Runbook;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.TestDatabase;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** The cleanup runbook end to end: find the bad flow, delete it scoped, verify. */
class FlowDoctorTest {

  private final DataSource dataSource = TestDatabase.shared().dataSource();
  private final DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
  private final FlowDoctor doctor = FlowDoctor.forDataSource(dataSource);

  /** Five assessment flows; flow-3 lists asset 5 sixteen times. It has an import and discovered assets too. */
  static TenantGraph badFlows(UUID id) {
    return tenant(id).fixture("badflow-test", "1")
        .engagement("e", e -> {
          for (int f = 1; f <= 5; f++) {
            int n = f;
            e.masterFlow("flow-" + n, m -> m.type("assessment").assessmentFlow(a -> {
              if (n == 3) {
                a.group("everything twice", Collections.nCopies(16, 5)).allowDuplicateAssets();
              } else {
                a.group("web", 2 * n, 2 * n + 1).group("data", 10 + n);
              }
            }).dataImport("import-" + n, i -> i.fieldMapping(mm -> mm.source("VM").target("asset_name"))));
          }
          e.assets(20, (i, a) -> a.discoveredBy(i < 4 ? "flow-3" : "flow-1"));
        })
        .build();
  }

  @Test
  void checkFindsExactlyTheFlowWithTheRepeatedAsset() {
    TenantGraph graph = seeded(badFlows(UUID.randomUUID()));
    UUID bad = graph.masterFlowId("flow-3");

    List<FlowFinding> findings = doctor.check(graph.tenantId(), graph.engagementId("e"));

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.kind()).isEqualTo(FlowFinding.Kind.DUPLICATE_ASSETS);
      assertThat(finding.flowId()).isEqualTo(bad);
      assertThat(finding.count()).isEqualTo(15);
      assertThat(finding.explanation()).isEqualTo("assessment flow " + bad + " lists asset " + graph.asset(5).into(ASSETS).getId()
          + " 16 times (15 duplicate asset references)");
    });
    assertThat(doctor.check(graph.tenantId(), null)).hasSize(1);
  }

  @Test
  void deleteRemovesTheFlowAndItsMasterLeavingFourCleanFlowsAndTheOtherTenantUntouched() throws Exception {
    TenantGraph graph = seeded(badFlows(UUID.randomUUID()));
    TenantGraph other = seeded(badFlows(UUID.randomUUID()));
    String otherBefore = CanonicalExport.toJson(db, other.tenantId());
    UUID bad = graph.masterFlowId("flow-3");
    UUID engagement = graph.engagementId("e");

    FlowDeletionPlan dryRun = doctor.plan(bad, graph.tenantId(), engagement, false);
    FlowDeletionPlan done = doctor.delete(bad, graph.tenantId(), engagement, false);

    assertThat(done.steps()).isEqualTo(dryRun.steps());
    assertThat(done.steps()).extracting(s -> s.table() + ":" + s.action() + ":" + s.rows()).containsExactly(
        "assessment_flows:delete:1",
        "assets:clear master_flow_id:4",
        "import_field_mappings:delete:1",
        "data_imports:delete:1",
        "crewai_flow_state_extensions:delete:1");
    List<Record> remaining = db.fetch(Runbook.bind(Runbook.VERIFICATION), graph.tenantId(), engagement);
    assertThat(remaining).hasSize(4).extracting(r -> r.get("flow_id", UUID.class)).doesNotContain(bad);
    assertThat(remaining).allSatisfy(r -> assertThat(r.get("groups", Integer.class)).isEqualTo(2));
    assertThat(doctor.check(graph.tenantId(), engagement)).isEmpty();
    assertThat(db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(graph.tenantId()))).as("assets keep existing").isEqualTo(20);
    assertThat(db.fetchCount(ASSETS, ASSETS.MASTER_FLOW_ID.eq(bad))).isZero();
    assertThat(CanonicalExport.toJson(db, other.tenantId())).isEqualTo(otherBefore);
    var log = db.selectFrom(PURGE_LOG).where(PURGE_LOG.FLOW_ID.eq(bad)).fetchOne();
    assertThat(log.getScope()).isEqualTo("flow");
    assertThat(log.getTenantId()).isEqualTo(graph.tenantId());
    assertThat(log.getEngagementId()).isEqualTo(engagement);
  }

  @Test
  void deletingReferencingRowsRemovesTheFlowsAssetsToo() {
    TenantGraph graph = seeded(badFlows(UUID.randomUUID()));

    FlowDeletionPlan done = doctor.delete(graph.masterFlowId("flow-3"), graph.tenantId(), graph.engagementId("e"), true);

    assertThat(done.steps()).extracting(s -> s.table() + ":" + s.action() + ":" + s.rows()).contains("assets:delete:4");
    assertThat(db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(graph.tenantId()))).isEqualTo(16);
  }

  @Test
  void aFlowOfAnotherTenantOrEngagementIsRefusedAndNothingChanges() {
    TenantGraph graph = seeded(badFlows(UUID.randomUUID()));
    TenantGraph other = seeded(badFlows(UUID.randomUUID()));
    UUID bad = graph.masterFlowId("flow-3");
    String before = CanonicalExport.toJson(db, graph.tenantId());

    assertThatThrownBy(() -> doctor.delete(bad, other.tenantId(), other.engagementId("e"), false))
        .isInstanceOf(FlowScopeException.class)
        .hasMessage("flow " + bad + " belongs to another tenant, not to " + other.tenantId() + "; nothing was changed")
        .satisfies(e -> assertThat(((FlowScopeException) e).errorCode()).isEqualTo(ErrorCode.REFUSED));
    UUID wrongEngagement = UUID.randomUUID();
    assertThatThrownBy(() -> doctor.delete(bad, graph.tenantId(), wrongEngagement, false))
        .isInstanceOf(FlowScopeException.class)
        .hasMessage("flow " + bad + " belongs to another engagement of tenant " + graph.tenantId() + ", not to "
            + wrongEngagement + "; nothing was changed");
    UUID unknown = UUID.randomUUID();
    assertThatThrownBy(() -> doctor.plan(unknown, graph.tenantId(), graph.engagementId("e"), false))
        .isInstanceOf(UnknownFlowException.class)
        .hasMessage("flow " + unknown + " does not exist");
    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(before);
  }

  @Test
  void aFlowThatRowsOfAnotherEngagementDependOnIsRefusedAndNothingChanges() {
    TenantGraph graph = seeded(tenant(UUID.randomUUID()).fixture("two-engagements", "1")
        .engagement("e1", e -> e.masterFlow("f", m -> m.assessmentFlow(a -> { })))
        .engagement("e2", e -> e.masterFlow("g", m -> m.dataImport("i", i -> { })))
        .build());
    UUID flow = graph.masterFlowId("f");
    // An import of engagement e2 hangs from e1's flow: deleting the flow would cascade into e2.
    db.execute("update migration.data_imports set master_flow_id = ? where id = ?", flow, graph.dataImportId("i"));
    String before = CanonicalExport.toJson(db, graph.tenantId());

    assertThatThrownBy(() -> doctor.delete(flow, graph.tenantId(), graph.engagementId("e1"), false))
        .isInstanceOf(FlowScopeException.class)
        .hasMessage("flow " + flow + " reaches 1 rows of data_imports outside engagement " + graph.engagementId("e1")
            + " of tenant " + graph.tenantId() + "; nothing was changed");
    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(before);
  }

  @Test
  void checkReportsOrphansChildlessMastersAndMissingAssets() {
    TenantGraph graph = seeded(tenant(UUID.randomUUID()).fixture("orphans", "1")
        .engagement("e", e -> e.masterFlow("lonely", m -> { }).assets(2, (i, a) -> { }))
        .build());
    UUID tenantId = graph.tenantId();
    UUID engagement = graph.engagementId("e");
    UUID orphan = UUID.randomUUID();
    UUID ghostAsset = UUID.randomUUID();
    db.execute("insert into migration.assessment_flows (id, flow_id, client_account_id, engagement_id, application_asset_groups) "
        + "values (gen_random_uuid(), ?, ?, ?, jsonb_build_array(jsonb_build_object('name', 'g', 'asset_ids', "
        + "jsonb_build_array(?::text, ?::text))))", orphan, tenantId, engagement, ghostAsset, graph.asset(0).into(ASSETS).getId());

    List<FlowFinding> findings = doctor.check(tenantId, engagement);

    assertThat(findings).extracting(FlowFinding::kind, FlowFinding::flowId).containsExactlyInAnyOrder(
        org.assertj.core.api.Assertions.tuple(FlowFinding.Kind.MISSING_ASSETS, orphan),
        org.assertj.core.api.Assertions.tuple(FlowFinding.Kind.MASTER_WITHOUT_CHILDREN, graph.masterFlowId("lonely")),
        org.assertj.core.api.Assertions.tuple(FlowFinding.Kind.CHILD_WITHOUT_MASTER, orphan));
    assertThat(findings).filteredOn(f -> f.kind() == FlowFinding.Kind.MISSING_ASSETS).singleElement()
        .satisfies(f -> assertThat(f.count()).isEqualTo(1));

    FlowDeletionPlan done = doctor.delete(orphan, tenantId, engagement, false);
    assertThat(done.deletedRows()).isEqualTo(1);
  }

  @Test
  void checkComparesAssetIdsAsUuidsNotAsText() {
    TenantGraph graph = seeded(tenant(UUID.randomUUID()).fixture("id-spellings", "1")
        .engagement("e", e -> e.masterFlow("m", m -> m.type("assessment").assessmentFlow(a -> a.group("g", 0)))
            .assets(2, (i, a) -> { }))
        .build());
    UUID tenantId = graph.tenantId();
    UUID engagement = graph.engagementId("e");
    UUID flow = UUID.randomUUID();
    String asset = graph.asset(1).into(ASSETS).getId().toString();
    // The same asset in lower case, upper case, braced and without hyphens: one asset, listed four times.
    db.execute("insert into migration.crewai_flow_state_extensions (flow_id, client_account_id, engagement_id, flow_type) "
        + "values (?, ?, ?, 'assessment')", flow, tenantId, engagement);
    db.execute("insert into migration.assessment_flows (id, flow_id, client_account_id, engagement_id, application_asset_groups) "
        + "values (gen_random_uuid(), ?, ?, ?, jsonb_build_array(jsonb_build_object('name', 'g', 'asset_ids', "
        + "jsonb_build_array(?::text, ?::text, ?::text, ?::text))))", flow, tenantId, engagement, asset,
        asset.toUpperCase(java.util.Locale.ROOT), "{" + asset + "}", asset.replace("-", ""));

    List<FlowFinding> findings = doctor.check(tenantId, engagement);

    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.kind()).isEqualTo(FlowFinding.Kind.DUPLICATE_ASSETS);
      assertThat(finding.flowId()).isEqualTo(flow);
      assertThat(finding.count()).isEqualTo(3);
      assertThat(finding.explanation()).contains("lists asset " + asset + " 4 times");
    });
  }

  private TenantGraph seeded(TenantGraph graph) {
    Seeder.forDataSource(dataSource).seed(graph);
    return graph;
  }
}
