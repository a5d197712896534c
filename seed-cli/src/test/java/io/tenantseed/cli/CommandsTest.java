package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.BadFlowScenario;
import io.tenantseed.fixtures.GlobalRetail;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command in-process against a fresh database: exit codes, output, and what changed. */
class CommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TECHCORP = TechCorp.TENANT_ID.toString();
  private static final String GLOBAL_RETAIL = GlobalRetail.TENANT_ID.toString();

  @TempDir
  Path home;

  private ScratchDatabase database;
  private DatabaseUrl url;
  private Cli seed;

  @BeforeEach
  void freshDatabase() {
    database = TestDatabase.shared().createDatabase();
    url = database.url();
    seed = Cli.against(url, home);
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void initDevDbLoadsTheDevelopmentTenantsAndASecondRunChangesNothing() throws Exception {
    Cli.Run first = seed.run("init-dev-db");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("Applied 5 migrations", "Marked the database as development",
        "Seeded TechCorp Solutions: 1 client account, 2 users, 1 engagement, 1 master flow, 1 discovery flow,"
            + " 1 data import, 50 assets, 3 field mappings in ",
        "Seeded Global Retail Inc: 1 client account, 1 engagement in ", "Development database ready");

    Map<String, Long> before = Cli.snapshot(url);
    Cli.Run second = seed.run("init-dev-db");

    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("Schema is up to date", "Unchanged TechCorp Solutions", "Nothing to do");
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void initDevDbCreatesAMissingDatabase() throws Exception {
    DatabaseUrl missing = url.withDatabase("seed_cli_" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Cli.Run run = Cli.against(missing, home).run("init-dev-db");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).startsWith("Created database " + missing.database() + ".");
    } finally {
      try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS \"" + missing.database() + "\" WITH (FORCE)");
      }
    }
  }

  @Test
  void initDevDbAndResetAreRefusedOnStagingAndProductionAndChangeNothing() throws Exception {
    assertThat(seed.run("init-dev-db").exitCode()).isZero();
    for (String environment : new String[] {"staging", "production"}) {
      assertThat(seed.run("env", "set", environment, "--force").exitCode()).isZero();
      Map<String, Long> before = Cli.snapshot(url);

      Cli.Run init = seed.run("init-dev-db");
      Cli.Run reset = seed.run("reset", "--yes");

      assertThat(init.exitCode()).isEqualTo(3);
      assertThat(init.err()).contains("the environment marker says " + environment);
      assertThat(reset.exitCode()).isEqualTo(3);
      assertThat(reset.err()).contains("the environment marker says " + environment);
      assertThat(Cli.snapshot(url)).isEqualTo(before);
    }
  }

  @Test
  void migrateDryRunListsThePendingMigrationsAndAppliesNothing() throws Exception {
    Cli.Run dryRun = seed.run("migrate", "--dry-run");

    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.out()).contains("5 pending migrations", "V001__baseline_schema.sql", "Dry run: nothing was applied.");
    assertThat(Cli.snapshot(url)).isEmpty();

    assertThat(seed.run("migrate").out()).contains("Applied 5 migrations");
    assertThat(seed.run("migrate").out()).contains("Schema is up to date at version 003");
  }

  @Test
  void statusShowsSchemaEnvironmentAndTenantsAsTextAndAsJson() throws Exception {
    seed.run("init-dev-db");

    Cli.Run text = seed.run("status");
    Cli.Run json = seed.run("status", "--json");

    assertThat(text.out()).contains("Schema       version 003, up to date", "Environment  development", "Tenants      2",
        TECHCORP + "  TechCorp Solutions", "techcorp", TechCorp.FIXTURE.version());
    assertThat(text.out()).containsPattern("TechCorp Solutions +1 +2 +1 +1 +1 +0 +1 +50 +3 +60");
    JsonNode document = JSON.readTree(json.out());
    assertThat(document.get("schemaVersion").asText()).isEqualTo("003");
    assertThat(document.get("environment").asText()).isEqualTo("development");
    assertThat(document.get("tenants")).hasSize(2);
    assertThat(document.get("tenants").findValuesAsText("fixture")).containsExactlyInAnyOrder("techcorp", "globalretail");
  }

  @Test
  void loadTakesFixturesTenantIdsParametersAndModes() throws Exception {
    seed.run("migrate");
    String copy = UUID.randomUUID().toString();

    assertThat(seed.run("load", "techcorp", "globalretail").exitCode()).isZero();
    assertThat(seed.run("load", "techcorp", "--tenant-id", copy).out()).startsWith("Seeded TechCorp Solutions:");
    Cli.Run scale = seed.run("load", "scale", "--set", "assets=1200", "--set", "flows=3");
    assertThat(scale.out()).contains("3 master flows", "3 discovery flows", "1200 assets");
    assertThat(seed.run("load", "techcorp", "--if-absent").out()).startsWith("Unchanged TechCorp Solutions");
    assertThat(seed.run("load", "techcorp", "--replace").out()).startsWith("Replaced TechCorp Solutions");

    Map<String, Long> before = Cli.snapshot(url);
    Cli.Run exists = seed.run("load", "techcorp");
    assertThat(exists.exitCode()).isEqualTo(6);
    assertThat(exists.err()).contains("tenant " + TECHCORP + " exists already", "--replace");
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void errorsUnderJsonAreOneDocumentOnStdout() throws Exception {
    Cli.Run run = seed.run("load", "techcrop", "--json");

    JsonNode document = JSON.readTree(run.out());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(document.at("/error/exitCode").asInt()).isEqualTo(2);
    assertThat(document.at("/error/message").asText()).startsWith("unknown fixture 'techcrop'");
  }

  @Test
  void exportAndLoadFileRoundTripTheTenantExactly() throws Exception {
    seed.run("init-dev-db");
    Path file = home.resolve("techcorp.json");

    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
    String exported = Files.readString(file);
    assertThat(seed.run("export", "--tenant", TECHCORP).out()).isEqualTo(exported);
    assertThat(seed.run("purge", "--tenant", TECHCORP, "--yes").exitCode()).isZero();
    Cli.Run load = seed.run("load", "--file", file.toString());

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(load.out()).startsWith("Seeded TechCorp Solutions: 1 client account, 2 users");
    assertThat(seed.run("export", "--tenant", TECHCORP).out()).isEqualTo(exported);
  }

  @Test
  void loadFileStoresIpv6MappedAddressesAndMicrosecondsExactlyAsTheFileSays() throws Exception {
    seed.run("init-dev-db");
    Path file = home.resolve("techcorp.json");
    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
    String edited = Files.readString(file)
        .replaceFirst("\"ip_address\" : \"[^\"]*\"", "\"ip_address\" : \"::ffff:10.0.0.1\"")
        .replaceFirst("(?s)(\"ip_address\" : \"::ffff:10.0.0.1\".*?\"ip_address\" : )\"[^\"]*\"",
            "$1\"::ffff:10.0.0.0/104\"")
        .replaceFirst("(\"created_at\" : \"[0-9-]+T[0-9:]+)(\\.[0-9]+)?Z\"", "$1.123456Z\"");
    assertThat(edited).contains("::ffff:10.0.0.1\"", "::ffff:10.0.0.0/104", ".123456Z");
    Files.writeString(file, edited);

    Cli.Run load = seed.run("load", "--file", file.toString(), "--replace");

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(seed.run("export", "--tenant", TECHCORP).out()).isEqualTo(edited);
  }

  @Test
  void purgeShowsItsPlanAndDeletesOnlyWhenConfirmed() throws Exception {
    seed.run("init-dev-db");
    Map<String, Long> before = Cli.snapshot(url);

    Cli.Run dryRun = seed.run("purge", "--tenant", TECHCORP, "--dry-run");
    Cli.Run unconfirmed = seed.run("purge", "--tenant", TECHCORP);
    Cli.Run declined = seed.interactive("n\n", "purge", "--tenant", TECHCORP);

    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.out()).contains("(60 rows)", "assets", "50", "Dry run: nothing was deleted.");
    assertThat(unconfirmed.exitCode()).isEqualTo(3);
    assertThat(unconfirmed.err()).contains("needs --yes");
    assertThat(declined.exitCode()).isEqualTo(3);
    assertThat(Cli.snapshot(url)).isEqualTo(before);

    Cli.Run confirmed = seed.interactive("y\n", "purge", "--tenant", TECHCORP);
    assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
    assertThat(confirmed.out()).contains("Purged 1 tenant (60 rows)");
    JsonNode status = JSON.readTree(seed.run("status", "--json").out());
    assertThat(status.get("tenants").findValuesAsText("tenantId")).containsExactly(GLOBAL_RETAIL);
  }

  @Test
  void purgeRefusesUnregisteredTenantsWithoutForceAndEverythingInProduction() throws Exception {
    seed.run("init-dev-db");
    UUID stranger = UUID.randomUUID();
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("insert into migration.client_accounts (id, name, slug) values ('" + stranger
          + "', 'Stranger', 'stranger')");
    }
    Map<String, Long> before = Cli.snapshot(url);

    Cli.Run unregistered = seed.run("purge", "--tenant", stranger.toString(), "--yes");
    assertThat(unregistered.exitCode()).isEqualTo(3);
    assertThat(Cli.snapshot(url)).isEqualTo(before);
    assertThat(seed.run("purge", "--tenant", stranger.toString(), "--yes", "--force").exitCode()).isZero();

    seed.run("env", "set", "production");
    Map<String, Long> production = Cli.snapshot(url);
    Cli.Run refused = seed.run("purge", "--tenant", TECHCORP, "--yes", "--force");
    assertThat(refused.exitCode()).isEqualTo(3);
    assertThat(refused.err()).contains("production");
    assertThat(Cli.snapshot(url)).isEqualTo(production);
  }

  @Test
  void flowsCheckAndDeleteRunTheRunbookOnTheBadFlowFixture() throws Exception {
    seed.run("migrate");
    seed.run("load", "badflow", "techcorp");
    String tenant = BadFlowScenario.TENANT_ID.toString();
    String engagement = BadFlowScenario.ENGAGEMENT_ID.toString();
    String flow = BadFlowScenario.BAD_FLOW_ID.toString();

    Cli.Run check = seed.run("flows", "check");
    assertThat(check.exitCode()).isZero();
    assertThat(check.out()).contains("DUPLICATE_ASSETS", "assessment flow " + flow, "16 times", "1 problem found");

    Map<String, Long> before = Cli.snapshot(url);
    assertThat(seed.run("flows", "delete", "--flow", flow, "--tenant", tenant, "--engagement", engagement, "--dry-run")
        .out()).contains("assessment_flows", "crewai_flow_state_extensions", "Dry run: nothing was deleted.");
    assertThat(seed.run("flows", "delete", "--flow", flow, "--tenant", tenant, "--engagement", engagement).exitCode())
        .isEqualTo(3);
    Cli.Run otherTenant = seed.run("flows", "delete", "--flow", flow, "--tenant", TECHCORP, "--engagement",
        TechCorp.ENGAGEMENT_ID.toString(), "--yes");
    assertThat(otherTenant.exitCode()).as(otherTenant.toString()).isIn(2, 3);
    assertThat(Cli.snapshot(url)).isEqualTo(before);

    Cli.Run delete = seed.run("flows", "delete", "--flow", flow, "--tenant", tenant, "--engagement", engagement, "--yes");
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.out()).contains("Deleted flow " + flow + ": 2 rows deleted");
    assertThat(seed.run("flows", "check", "--tenant", tenant).out()).contains("No flow problems in 1 tenant.");
  }

  @Test
  void resetDropsEverythingAndReinitialisesADevelopmentDatabase() throws Exception {
    seed.run("init-dev-db");
    seed.run("load", "badflow");

    Cli.Run reset = seed.run("reset", "--yes");

    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    assertThat(reset.out()).contains("Dropped schemas migration and seed_meta", "Seeded TechCorp Solutions");
    JsonNode status = JSON.readTree(seed.run("status", "--json").out());
    assertThat(status.get("tenants").findValuesAsText("tenantId")).containsExactlyInAnyOrder(TECHCORP, GLOBAL_RETAIL);
    assertThat(status.get("environment").asText()).isEqualTo("development");
  }

  @Test
  void resetNeedsConfirmationAndADevelopmentMarker() throws Exception {
    seed.run("migrate");
    seed.run("load", "techcorp");
    Map<String, Long> before = Cli.snapshot(url);

    assertThat(seed.run("reset").exitCode()).isEqualTo(3);
    Cli.Run unmarked = seed.run("reset", "--yes");
    assertThat(unmarked.exitCode()).isEqualTo(3);
    assertThat(unmarked.err()).contains("no environment marker is set");
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void theEnvironmentMarkerIsShownAndSetAndProductionIsSticky() {
    seed.run("migrate");

    assertThat(seed.run("env", "show").out()).isEqualTo("not set\n");
    assertThat(seed.run("env", "set", "test").exitCode()).isZero();
    assertThat(seed.run("env", "show").out()).isEqualTo("test\n");
    assertThat(seed.run("env", "set", "production").exitCode()).isZero();
    assertThat(seed.run("env", "set", "development").exitCode()).isEqualTo(3);
    assertThat(seed.run("env", "set", "development", "--force").exitCode()).isZero();
  }

  @Test
  void lintMigrationsPrintsFileAndLineAndFailsOnFindings() throws Exception {
    Path good = Path.of(System.getProperty("tenantseed.migrations.dir"));
    Path bad = home.resolve("migrations");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("V001__baseline.sql"), "CREATE TABLE IF NOT EXISTS t (id int);\n");
    Files.writeString(bad.resolve("V002__drop.sql"), "-- cleanup\nDROP TABLE t;\n");

    assertThat(seed.run("lint-migrations", good.toString()).exitCode()).isZero();
    Cli.Run findings = seed.run("lint-migrations");

    assertThat(findings.exitCode()).isEqualTo(2);
    assertThat(findings.out()).contains(bad.resolve("V002__drop.sql") + ":2: ");
  }

  @Test
  void unreachableAndRefusedDatabasesHaveTheirOwnExitCodesAndNoPassword() {
    Cli.Run down = new Cli(Map.of("SEED_DATABASE_URL", "postgresql://postgres:hunter2@127.0.0.1:1/seed_dev"), home,
        "postgresql://postgres@127.0.0.1:1/none").run("status");
    DatabaseUrl wrongUser = url.withCredentials("nobody_" + UUID.randomUUID().toString().substring(0, 6), "hunter2");
    Cli.Run refused = Cli.against(wrongUser, home).run("status");

    assertThat(down.exitCode()).isEqualTo(4);
    assertThat(refused.exitCode()).isEqualTo(5);
    assertThat(down.err() + refused.err()).doesNotContain("hunter2");
  }

  @Test
  void helpVersionAndCompletionWork() {
    assertThat(seed.run("--help").out()).contains("Exit codes:", "init-dev-db", " 6   tenant exists");
    assertThat(seed.run("--version").out()).startsWith("seed ");
    assertThat(seed.run("load", "--help").out()).contains("--tenant-id", "--if-absent", "badflow, globalretail");
    assertThat(seed.run("generate-completion").out()).contains("complete -F");
  }
}
