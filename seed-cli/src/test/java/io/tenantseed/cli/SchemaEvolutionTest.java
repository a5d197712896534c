package io.tenantseed.cli;

import static io.tenantseed.graph.Ref.asset;
import static io.tenantseed.graph.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tenant-seed follows an additive migration without a change of its code: a database migrated
 * with migrations/ and then the test-only migration of {@code tenantseed.evolution.dir} (a
 * nullable column and a NOT NULL column with a DEFAULT on assets, and a new tenant table
 * with NOT NULL columns without a default) takes init-dev-db, generic rows, export, purge,
 * load --file and status as the day-one schema does.
 */
class SchemaEvolutionTest {

  private static final String TECHCORP = TechCorp.TENANT_ID.toString();
  private static final UUID CUSTOM = UUID.fromString("e7010000-0000-4000-8000-000000000001");

  @TempDir
  static Path home;

  private static ScratchDatabase database;
  private static DatabaseUrl url;
  private static Cli seed;
  private static Cli.Run initDevDb;

  @BeforeAll
  static void evolvedDatabaseWithTheDevelopmentTenants() {
    database = TestDatabase.shared().createMigratedDatabaseWith(Path.of(System.getProperty("tenantseed.evolution.dir")));
    url = database.url();
    seed = Cli.against(url, home);
    initDevDb = seed.run("init-dev-db");
    Seeder.forDataSource(url.dataSource()).seed(custom());
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  /** A tenant with rows of the new table, described through generic rows. */
  private static TenantGraph custom() {
    return tenant(CUSTOM).name("Evolved Ltd")
        .engagement("cloud", e -> e
            .assets(5, (i, a) -> a.server().set("data_source", i < 2 ? "import" : "discovery"))
            .rows("assessments", 5, (i, r) -> r.ref("asset_id", asset(i))
                .set("readiness_score", new BigDecimal("0.75"))))
        .build();
  }

  @Test
  void initDevDbWorksAndTheNewColumnsTakeTheirDefaults() throws Exception {
    assertThat(initDevDb.exitCode()).as(initDevDb.toString()).isZero();
    assertThat(initDevDb.out()).contains("Seeded TechCorp Solutions", "Seeded Global Retail Inc");

    assertThat(strings("select data_source from migration.assets where client_account_id = ?::uuid", TECHCORP))
        .hasSize(50).containsOnly("discovery");
    assertThat(strings("select coalesce(ai_summary_text, '(null)') from migration.assets where client_account_id = ?::uuid",
        TECHCORP)).hasSize(50).containsOnly("(null)");
  }

  @Test
  void notNullColumnsWithoutADefaultGetDrawnValuesTheSameEverySeed() throws Exception {
    String drawn = "select status || ' ' || review_band from migration.assessments where client_account_id = ?::uuid"
        + " order by id";
    List<String> before = strings(drawn, CUSTOM.toString());
    assertThat(before).hasSize(5);

    Seeder.forDataSource(url.dataSource()).seed(custom(), io.tenantseed.seed.SeedMode.REPLACE);

    assertThat(strings(drawn, CUSTOM.toString())).isEqualTo(before);
  }

  @Test
  void theNewTableIsSeededThroughGenericRowsWithItsRequiredColumnsDrawn() throws Exception {
    TenantGraph graph = custom();
    List<String> assets = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      assets.add(graph.asset("cloud", i).get("id").toString());
    }

    assertThat(strings("select asset_id::text from migration.assessments where client_account_id = ?::uuid"
        + " and engagement_id = '" + graph.engagementId("cloud") + "' order by asset_id", CUSTOM.toString()))
        .containsExactlyInAnyOrderElementsOf(assets);
    assertThat(strings("select status from migration.assessments where client_account_id = ?::uuid", CUSTOM.toString()))
        .hasSize(5).allSatisfy(status -> assertThat(status).isIn("draft", "final"));
    assertThat(strings("select review_band::text from migration.assessments where client_account_id = ?::uuid",
        CUSTOM.toString())).hasSize(5).allSatisfy(band -> assertThat(Integer.parseInt(band)).isBetween(1, 5));
    assertThat(strings("select readiness_score::text || ' ' || (created_at is not null) from migration.assessments"
        + " where client_account_id = ?::uuid", CUSTOM.toString())).containsOnly("0.750 true");
    assertThat(strings("select data_source from migration.assets where client_account_id = ?::uuid order by data_source",
        CUSTOM.toString())).containsExactly("discovery", "discovery", "discovery", "import", "import");
  }

  @Test
  void exportPurgeAndLoadFileAreByteIdenticalWithTheNewTableAndColumns() throws Exception {
    Path file = home.resolve("evolved.json");
    Cli.Run export = seed.run("export", "--tenant", CUSTOM.toString(), "--out", file.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    String exported = Files.readString(file);
    JsonNode tables = new ObjectMapper().readTree(exported).get("tables");
    assertThat(tables.get("assessments")).hasSize(5);
    assertThat(tables.get("assets").get(0).has("data_source")).isTrue();
    assertThat(tables.get("assessments").get(0).has("review_band")).isTrue();

    Cli.Run purge = seed.run("purge", "--tenant", CUSTOM.toString(), "--yes");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(strings("select id::text from migration.assessments where client_account_id = ?::uuid", CUSTOM.toString()))
        .as("the purge empties the new table").isEmpty();

    Cli.Run load = seed.run("load", "--file", file.toString());
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(seed.run("export", "--tenant", CUSTOM.toString()).out()).isEqualTo(exported);
  }

  @Test
  void theOtherColumnsOfTheFixturesAreUnchanged() throws Exception {
    Cli.Run export = seed.run("export", "--tenant", TECHCORP);
    assertThat(export.exitCode()).as(export.toString()).isZero();
    ObjectNode document = (ObjectNode) new ObjectMapper().readTree(export.out());
    ObjectNode tables = (ObjectNode) document.get("tables");
    assertThat(tables.remove("assessments")).isEmpty();
    tables.get("assets").forEach(row -> ((ObjectNode) row).remove(List.of("ai_summary_text", "data_source")));

    assertThat(document).isEqualTo(new ObjectMapper().readTree(CanonicalExport.toJson(TechCorp.FIXTURE.build())));
  }

  @Test
  void statusListsTheNewTable() {
    Cli.Run status = seed.run("status");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).containsIgnoringCase("assessments");
  }

  private static List<String> strings(String sql, String tenant) throws Exception {
    List<String> values = new ArrayList<>();
    try (Connection connection = url.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, tenant);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          values.add(result.getString(1));
        }
      }
    }
    return values;
  }
}
