package io.tenantseed.graph;

import static io.tenantseed.graph.Ref.dataImport;
import static io.tenantseed.graph.Ref.engagement;
import static io.tenantseed.graph.Ref.masterFlow;
import static io.tenantseed.graph.Tenants.tenant;
import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CREWAI_FLOW_STATE_EXTENSIONS;
import static io.tenantseed.schema.migration.Tables.DATA_IMPORTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.TestDatabase;
import java.util.function.Consumer;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** Keys of master flows and data imports are unique within their engagement, not the tenant. */
class FlowKeysTest {

  private final DSLContext db = DSL.using(TestDatabase.shared().dataSource(), SQLDialect.POSTGRES);

  /** Two engagements, each with a flow "full-migration" holding an import "vcenter", and assets it discovered. */
  private static TenantBuilder twoEngagementsWithOneFlowKey(UUID id) {
    return twoEngagementsWithOneFlowKey(id, e -> { });
  }

  private static TenantBuilder twoEngagementsWithOneFlowKey(UUID id, Consumer<EngagementBuilder> moreOfWave2) {
    return tenant(id).name("Twin Flows")
        .engagement("wave-1", e -> e
            .masterFlow("full-migration", f -> f.discoveryFlow(d -> { }).dataImport("vcenter", i -> i.records(10, 0)))
            .assets(3, (i, a) -> a.server().discoveredBy("full-migration")))
        .engagement("wave-2", e -> moreOfWave2.accept(e
            .masterFlow("full-migration", f -> f.discoveryFlow(d -> { }).dataImport("vcenter", i -> i.records(20, 0)))
            .assets(2, (i, a) -> a.server().discoveredBy("full-migration"))));
  }

  @Test
  void twoEngagementsMayEachHaveAFlowAndAnImportOfTheSameKeyAndTheySeed() {
    UUID id = UUID.randomUUID();
    TenantGraph graph = twoEngagementsWithOneFlowKey(id).build();

    Seeder.forDataSource(TestDatabase.shared().dataSource()).seed(graph);

    UUID first = graph.masterFlowId("wave-1", "full-migration");
    UUID second = graph.masterFlowId("wave-2", "full-migration");
    assertThat(first).isNotEqualTo(second);
    assertThat(db.fetchValues(CREWAI_FLOW_STATE_EXTENSIONS.FLOW_ID, CREWAI_FLOW_STATE_EXTENSIONS.CLIENT_ACCOUNT_ID.eq(id)))
        .containsExactlyInAnyOrder(first, second);
    assertThat(db.fetchValues(ASSETS.MASTER_FLOW_ID, ASSETS.CLIENT_ACCOUNT_ID.eq(id)
            .and(ASSETS.ENGAGEMENT_ID.eq(graph.engagementId("wave-2")))))
        .containsOnly(second).hasSize(2);
    assertThat(db.fetchValue(DATA_IMPORTS.TOTAL_RECORDS, DATA_IMPORTS.ID.eq(graph.dataImportId("wave-2", "vcenter"))))
        .isEqualTo(20);
  }

  @Test
  void theIdsOfAFlowDependOnItsEngagementNotOnTheOtherEngagementsKeys() {
    UUID id = UUID.randomUUID();
    TenantGraph alone = tenant(id).engagement("wave-2", e -> e.masterFlow("full-migration", f -> { })).build();
    TenantGraph twin = twoEngagementsWithOneFlowKey(id).build();

    assertThat(twin.masterFlowId("wave-2", "full-migration")).isEqualTo(alone.masterFlowId("full-migration"))
        .isEqualTo(Ids.derive(id, "engagement/wave-2/flow/full-migration"));
  }

  @Test
  void aFlowKeyUsedTwiceInOneEngagementIsRefusedNamingTheEngagement() {
    assertThatThrownBy(() -> tenant(UUID.randomUUID())
            .engagement("wave-1", e -> e.masterFlow("f", f -> { }).masterFlow("f", f -> { })).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageEndingWith("/engagement/wave-1/flow/f: the flow key 'f' is used twice in engagement 'wave-1'"
            + " (a key is unique within its engagement)");
  }

  @Test
  void anImportKeyUsedTwiceInOneEngagementIsRefusedEvenUnderTwoFlows() {
    assertThatThrownBy(() -> tenant(UUID.randomUUID()).engagement("wave-1", e -> e
            .masterFlow("f", f -> f.dataImport("vcenter", i -> { }))
            .masterFlow("g", f -> f.dataImport("vcenter", i -> { }))).build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageEndingWith("/engagement/wave-1/flow/g/import/vcenter: the data import key 'vcenter' is used twice"
            + " in engagement 'wave-1' (a key is unique within its engagement)");
  }

  @Test
  void anEngagementsRowsReferToItsOwnFlowOfTheKeyOrToTheOneTheyName() {
    TenantGraph graph = twoEngagementsWithOneFlowKey(UUID.randomUUID(), e -> e
        .rows("data_imports", 2, (i, r) -> r
            .ref("master_flow_id", i == 0 ? masterFlow("full-migration") : masterFlow("wave-1", "full-migration"))
            .set("import_name", "generic-" + i).set("import_type", "csv")))
        .build();

    assertThat(masterFlowOf(graph, "generic-0")).isEqualTo(graph.masterFlowId("wave-2", "full-migration"));
    assertThat(masterFlowOf(graph, "generic-1")).isEqualTo(graph.masterFlowId("wave-1", "full-migration"));
  }

  private static Object masterFlowOf(TenantGraph graph, String importName) {
    try (var rows = graph.rows("data_imports")) {
      return rows.filter(row -> importName.equals(row.get("import_name"))).findFirst().orElseThrow()
          .get("master_flow_id");
    }
  }

  @Test
  void aFlowKeyOfSeveralEngagementsIsAmbiguousAtTenantLevelNamingThemAndTheOverload() {
    UUID id = UUID.randomUUID();
    TenantBuilder twin = twoEngagementsWithOneFlowKey(id).rows("data_imports", 1, (i, r) -> r
        .ref("engagement_id", engagement("wave-1")).ref("master_flow_id", masterFlow("full-migration"))
        .set("import_name", "audit").set("import_type", "csv"));

    assertThatThrownBy(twin::build)
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessage("tenant " + id + "/rows/data_imports/0: masterFlow('full-migration'): the flow key 'full-migration'"
            + " is ambiguous: engagements 'wave-1' and 'wave-2' each have one; name the engagement:"
            + " Ref.masterFlow(\"wave-1\", \"full-migration\")");
    assertThatThrownBy(() -> twoEngagementsWithOneFlowKey(id).build().masterFlowId("full-migration"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the flow key 'full-migration' is ambiguous: engagements 'wave-1' and 'wave-2' each have one;"
            + " name the engagement: masterFlowId(\"wave-1\", \"full-migration\")");
    assertThatThrownBy(() -> twoEngagementsWithOneFlowKey(id).build().dataImportId("vcenter"))
        .hasMessageContaining("the data import key 'vcenter' is ambiguous: engagements 'wave-1' and 'wave-2'");
  }

  @Test
  void aTenantLevelReferenceNamingTheEngagementResolvesAndSeeds() {
    UUID id = UUID.randomUUID();
    TenantGraph graph = twoEngagementsWithOneFlowKey(id).rows("data_imports", 1, (i, r) -> r
        .ref("engagement_id", engagement("wave-2")).ref("master_flow_id", masterFlow("wave-2", "full-migration"))
        .set("import_name", "audit").set("import_type", "csv")).build();

    Seeder.forDataSource(TestDatabase.shared().dataSource()).seed(graph);

    assertThat(db.fetchValue(DATA_IMPORTS.MASTER_FLOW_ID, DATA_IMPORTS.CLIENT_ACCOUNT_ID.eq(id)
            .and(DATA_IMPORTS.IMPORT_NAME.eq("audit"))))
        .isEqualTo(graph.masterFlowId("wave-2", "full-migration"));
  }

  @Test
  void aKeyOnlyOneEngagementHasResolvesAtTenantLevelAndAReferenceToAMissingOneNamesWhoHasIt() {
    UUID id = UUID.randomUUID();
    TenantGraph graph = tenant(id)
        .engagement("wave-1", e -> e.masterFlow("only-here", f -> f.dataImport("csv", i -> { })))
        .engagement("wave-2", e -> { })
        .build();

    assertThat(graph.masterFlowId("only-here")).isEqualTo(graph.masterFlowId("wave-1", "only-here"));
    assertThat(graph.dataImportId("csv")).isEqualTo(graph.dataImportId("wave-1", "csv"));
    assertThatThrownBy(() -> graph.masterFlowId("wave-2", "only-here"))
        .hasMessage("engagement 'wave-2' has no flow 'only-here' (engagements with one: wave-1)");
    assertThatThrownBy(() -> tenant(id).engagement("wave-1", e -> e.masterFlow("f", f -> { }))
            .engagement("wave-2", e -> e.rows("data_imports", 1, (i, r) -> r
                .ref("master_flow_id", dataImport("wave-1", "nope")).set("import_name", "x").set("import_type", "csv")))
            .build())
        .isInstanceOf(InvalidTenantGraphException.class)
        .hasMessageEndingWith("/engagement/wave-2/rows/data_imports/0: dataImport('wave-1', 'nope'): engagement 'wave-1'"
            + " has no data import 'nope'");
  }

  @Test
  void aGraphReadFromAnExportSaysItCarriesNoKeysRatherThanThatTheFlowIsMissing() {
    TenantGraph built = twoEngagementsWithOneFlowKey(UUID.randomUUID()).build();
    java.io.ByteArrayOutputStream export = new java.io.ByteArrayOutputStream();
    CanonicalExport.write(built, export);
    TenantGraph read = CanonicalImport.read(new java.io.ByteArrayInputStream(export.toByteArray()));

    assertThat(read.masterFlows()).hasSize(2);
    assertThatThrownBy(() -> read.masterFlowId("wave-1", "full-migration"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("this graph carries no keys (it was read from an export")
        .hasMessageNotContaining("has no flow");
    assertThatThrownBy(() -> read.dataImportId("vcenter"))
        .hasMessageStartingWith("this graph carries no keys (it was read from an export");
    assertThatThrownBy(() -> read.engagementId("wave-1"))
        .hasMessageStartingWith("this graph carries no keys (it was read from an export");
  }

  @Test
  void anAmbiguousKeyIsItsOwnExceptionThatACallerCanRenameItsCallIn() {
    TenantGraph graph = twoEngagementsWithOneFlowKey(UUID.randomUUID()).build();

    assertThatThrownBy(() -> graph.masterFlowId("full-migration"))
        .isInstanceOfSatisfying(AmbiguousKeyException.class, e -> {
          assertThat(e.key()).isEqualTo("full-migration");
          assertThat(e.engagements()).containsExactly("wave-1", "wave-2");
          assertThat(e.getMessage()).endsWith("name the engagement: masterFlowId(\"wave-1\", \"full-migration\")");
          assertThat(e.naming("flow").getMessage()).endsWith("name the engagement: flow(\"wave-1\", \"full-migration\")");
          assertThat(e.naming("flow").getCause()).isSameAs(e);
        });
  }
}
