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
import java.util.List;
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
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    seed = Cli.against(url, home);
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void initDevDbLoadsTheDevelopmentTenantsAndASecondRunChangesNothing() throws Exception {
    int migrations = migrationFiles();
    Cli.Run first = seed.run("init-dev-db");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("Applied " + migrations + " migrations", "Marked the database as development",
        "Seeded TechCorp Solutions: 1 client account, 2 users, 1 engagement, 1 crewai flow state extension,"
            + " 1 discovery flow, 1 data import, 50 assets, 3 import field mappings in ",
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
    int migrations = migrationFiles();
    Cli.Run dryRun = seed.run("migrate", "--dry-run");

    assertThat(dryRun.exitCode()).isZero();
    assertThat(dryRun.out()).contains(migrations + " pending migrations", "V001__baseline_schema.sql", "Dry run: nothing was applied.");
    assertThat(Cli.snapshot(url)).isEmpty();

    assertThat(seed.run("migrate").out()).contains("Applied " + migrations + " migrations");
    assertThat(seed.run("migrate").out()).contains("Schema is up to date at version " + latestVersion());
  }

  @Test
  void statusShowsSchemaEnvironmentAndTenantsAsTextAndAsJson() throws Exception {
    seed.run("init-dev-db");

    Cli.Run text = seed.run("status");
    Cli.Run json = seed.run("status", "--json");

    assertThat(text.out()).contains("Schema       version " + latestVersion() + ", up to date",
        "Environment  development", "Tenants      2", TECHCORP + "  TechCorp Solutions", "techcorp",
        TechCorp.FIXTURE.version());
    // A row per tenant table of the catalog, parents first, and a column per tenant (TechCorp first).
    List<String> lines = text.out().lines().toList();
    int head = lines.indexOf(lines.stream().filter(line -> line.startsWith("TABLE ")).findFirst().orElseThrow());
    assertThat(lines.get(head))
        .matches("TABLE +(TechCorp Solutions +Global Retail Inc|Global Retail Inc +TechCorp Solutions) *");
    List<String> shown = lines.subList(head + 1, lines.size()).stream().map(line -> line.split(" +")[0])
        .takeWhile(table -> !table.equals("ALL")).toList();
    assertThat(shown).containsExactlyInAnyOrderElementsOf(tenantTables()).startsWith("client_accounts");
    for (List<String> key : tenantForeignKeys()) {
      assertThat(shown.indexOf(key.get(1))).as("%s before %s, which references it", key.get(1), key.get(0))
          .isLessThan(shown.indexOf(key.get(0)));
    }
    // TechCorp has 50 assets and no assessment flow, Global Retail neither: 60 rows and 2.
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).matches("assets +(50 +0|0 +50) *"))
        .anySatisfy(line -> assertThat(line).matches("assessment_flows +0 +0 *"))
        .anySatisfy(line -> assertThat(line).matches("ALL TABLES +(60 +2|2 +60) *"));
    JsonNode document = JSON.readTree(json.out());
    assertThat(document.get("schemaVersion").asText()).isEqualTo(latestVersion());
    JsonNode techCorpRows = null;
    for (JsonNode tenant : document.get("tenants")) {
      techCorpRows = tenant.get("fixture").asText().equals("techcorp") ? tenant.get("rows") : techCorpRows;
    }
    assertThat(techCorpRows.fieldNames()).toIterable().as("every table, in the order of the text")
        .containsExactlyElementsOf(shown.stream().map(table -> "migration." + table).toList());
    assertThat(techCorpRows.get("migration.assets").asLong()).isEqualTo(50);
    assertThat(techCorpRows.get("migration.assessment_flows").asLong()).as("a table without rows shows 0").isZero();
    assertThat(document.get("environment").asText()).isEqualTo("development");
    assertThat(document.get("tenants")).hasSize(2);
    assertThat(document.get("tenants").findValuesAsText("fixture")).containsExactlyInAnyOrder("techcorp", "globalretail");
  }

  @Test
  void statusOfADatabaseNotMigratedSaysSoWithoutFailing() throws Exception {
    Cli.Run text = seed.run("status");
    Cli.Run json = seed.run("status", "--json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("Schema       not migrated, " + migrationFiles() + " pending migrations",
        "Tenants      0").doesNotContain("TABLE ");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(JSON.readTree(json.out()).get("tenants")).isEmpty();
  }

  @Test
  void loadTakesFixturesTenantIdsParametersAndModes() throws Exception {
    seed.run("migrate");
    String copy = UUID.randomUUID().toString();

    assertThat(seed.run("load", "techcorp", "globalretail").exitCode()).isZero();
    assertThat(seed.run("load", "techcorp", "--tenant-id", copy).out()).startsWith("Seeded TechCorp Solutions:");
    Cli.Run scale = seed.run("load", "scale", "--set", "assets=1200", "--set", "flows=3");
    assertThat(scale.out()).contains("3 crewai flow state extensions", "3 discovery flows", "1200 assets");
    assertThat(seed.run("load", "techcorp", "--if-absent").out()).startsWith("Unchanged TechCorp Solutions");
    assertThat(seed.run("load", "techcorp", "--replace").out()).startsWith("Replaced TechCorp Solutions");

    Map<String, Long> before = Cli.snapshot(url);
    Cli.Run exists = seed.run("load", "techcorp");
    assertThat(exists.exitCode()).isEqualTo(6);
    assertThat(exists.err()).contains("tenant " + TECHCORP + " exists already",
        "; load it with --replace to overwrite it, or with --if-absent to keep it").doesNotContain("SeedMode");
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void initDevDbRefusingATenantWhoseRowsDifferNamesTheLoadThatReplacesIt() throws Exception {
    assertThat(seed.run("init-dev-db").exitCode()).isZero();
    sql("update migration.assets set hostname = 'changed-by-hand' where client_account_id = '" + TECHCORP + "'");
    sql("update seed_meta.tenants set fixture_version = 'earlier' where tenant_id = '" + TECHCORP + "'");

    Cli.Run init = seed.run("init-dev-db");

    assertThat(init.exitCode()).as(init.toString()).isEqualTo(6);
    assertThat(init.err()).contains("tenant " + TECHCORP + " exists already", "(its rows differ from the fixture's)",
        "; seed load techcorp --replace overwrites it").doesNotContain("SeedMode");
  }

  @Test
  void copiesWhoseIdsShareTheirFirstGroupLoadSideBySide() throws Exception {
    seed.run("migrate");

    Cli.Run first = seed.run("load", "techcorp", "--tenant-id", "5eed0001-0000-4000-8000-000000000001");
    Cli.Run second = seed.run("load", "techcorp", "--tenant-id", "5eed0001-0000-4000-8000-000000000002");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(sql("select string_agg(slug, ' ' order by slug) from migration.client_accounts"))
        .isEqualTo("techcorp-5eed0001-0000-4000-8000-000000000001 techcorp-5eed0001-0000-4000-8000-000000000002");
  }

  @Test
  void aTenantWhoseClientAccountWasDeletedByHandIsAbsentAndMarkedInStatus() throws Exception {
    seed.run("init-dev-db");
    sql("delete from migration.client_accounts where id in ('" + GLOBAL_RETAIL + "', '" + TECHCORP + "')");

    Cli.Run status = seed.run("status");
    JsonNode json = JSON.readTree(seed.run("status", "--json").out());
    assertThat(status.out()).contains("Tenants      2 (2 gone: registry row without its client account",
        GLOBAL_RETAIL + "  (gone: registry row without its client account)  globalretail");
    // In the rows per table, a column per gone tenant, headed by the start of its id, with no counts.
    List<String> lines = status.out().lines().toList();
    int head = lines.indexOf(lines.stream().filter(line -> line.startsWith("TABLE ")).findFirst().orElseThrow());
    assertThat(lines.get(head)).matches("TABLE +\\(gone\\) [0-9a-f]{8} +\\(gone\\) [0-9a-f]{8} *");
    assertThat(lines.subList(head + 1, lines.size())).filteredOn(line -> !line.isBlank()).isNotEmpty()
        .allSatisfy(line -> assertThat(line).matches("[A-Za-z_ ]+ +- +- *"));
    assertThat(json.get("tenants").findValues("gone")).extracting(JsonNode::asBoolean).containsExactly(true, true);

    Cli.Run load = seed.run("load", "globalretail", "--if-absent");
    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(load.out()).startsWith("Seeded Global Retail Inc: 1 client account, 1 engagement");
    Cli.Run init = seed.run("init-dev-db");
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).contains("Unchanged Global Retail Inc", "Seeded TechCorp Solutions: 1 client account",
        "Development database ready").doesNotContain("Nothing to do");
    assertThat(sql("select count(*) from migration.assets where client_account_id = '" + TECHCORP + "'")).isEqualTo("50");
    assertThat(JSON.readTree(seed.run("status", "--json").out()).get("tenants").findValues("gone"))
        .extracting(JsonNode::asBoolean).containsExactly(false, false);
  }

  @Test
  void initDevDbStaysRepeatableAfterAnExportRoundTrip() throws Exception {
    seed.run("init-dev-db");
    Path file = home.resolve("f.json");
    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
    Cli.Run replace = seed.run("load", "--file", file.toString(), "--replace");
    assertThat(replace.exitCode()).as(replace.toString()).isZero();
    Map<String, Long> before = Cli.snapshot(url);

    Cli.Run again = seed.run("init-dev-db");

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains(
        "Unchanged TechCorp Solutions: its rows are the fixture's already; registered it as that fixture");
    Map<String, Long> after = Cli.snapshot(url);
    after.remove("seed_meta.tenants");
    before.remove("seed_meta.tenants");
    assertThat(after).as("every row but the registry's").isEqualTo(before);
    assertThat(sql("select fixture_name || ' ' || fixture_version from seed_meta.tenants where tenant_id = '"
        + TECHCORP + "'")).isEqualTo("techcorp " + TechCorp.FIXTURE.version());
    assertThat(seed.run("init-dev-db").out()).contains("Unchanged TechCorp Solutions: the same fixture version",
        "Nothing to do");
    seed.run("load", "--file", file.toString(), "--replace");
    Cli.Run ifAbsent = seed.run("load", "techcorp", "--if-absent");
    assertThat(ifAbsent.exitCode()).as(ifAbsent.toString()).isZero();
    assertThat(ifAbsent.out()).startsWith("Unchanged TechCorp Solutions: its rows are the fixture's already");
  }

  @Test
  void loadingIntoAnUnmigratedDatabaseSaysSoWithExitCode7() throws Exception {
    for (String[] args : new String[][] {{"load", "techcorp"}, {"load", "techcorp", "--if-absent"},
        {"load", "globalretail", "--replace"}}) {
      Cli.Run run = seed.run(args);

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
      assertThat(run.err()).startsWith("seed: seeding tenant ").contains("the database is not migrated",
          "run seed migrate first").doesNotContain("UNEXPECTED");
      assertThat(run.err().lines()).hasSize(1);
    }
    assertThat(sql("select count(*) from pg_namespace where nspname in ('migration', 'seed_meta')")).isEqualTo("0");
  }

  @Test
  void loadingIntoASchemaChangedByHandNamesWhatIsMissingWithExitCode7() throws Exception {
    assertThat(seed.run("init-dev-db").exitCode()).isZero();
    sql("alter table migration.assets drop column hostname");
    Map<String, Long> before = Cli.snapshot(url);

    Cli.Run run = seed.run("load", "techcorp", "--replace");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
    assertThat(run.err()).as(run.toString()).contains("hostname", "nothing was kept").doesNotContain("UNEXPECTED");
    assertThat(run.err().lines()).hasSize(1);
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void initDevDbMarksADatabaseMigratedBeforeTheUnsetMarkerRowAndNeverMarked() throws Exception {
    assertThat(seed.run("migrate").exitCode()).isZero();
    // As an earlier version left it: seed_meta V003 (the 'unset' row) not applied, no marker row.
    String unsetVersion = sql("select max(version) from seed_meta.flyway_schema_history where script like '%unset%'");
    sql("delete from seed_meta.flyway_schema_history where version = '" + unsetVersion + "'");
    sql("delete from seed_meta.environment");

    Cli.Run init = seed.run("init-dev-db");

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).contains("Applied 1 migration", "Marked the database as development",
        "Seeded TechCorp Solutions");
    assertThat(sql("select string_agg(name, ',') from seed_meta.environment")).isEqualTo("development");

    // Where that migration is applied, a deleted row is a refusal, as for every guard.
    sql("delete from seed_meta.environment");
    Cli.Run again = seed.run("init-dev-db");
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(3);
    assertThat(again.err()).contains("marker row of seed_meta.environment is missing");
  }

  @Test
  void everyCommandOnAnUnmigratedDatabaseSaysSoWithExitCode7() throws Exception {
    for (String[] args : new String[][] {{"purge", "--tenant", TECHCORP, "--yes"}, {"purge", "--tenant", TECHCORP,
        "--dry-run"}, {"flows", "check"}, {"flows", "delete", "--flow", TECHCORP, "--tenant", TECHCORP, "--engagement",
        TECHCORP, "--yes"}, {"export", "--tenant", TECHCORP}, {"clone", "--tenant", TECHCORP, "--to", GLOBAL_RETAIL}}) {
      Cli.Run run = seed.run(args);

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(7);
      assertThat(run.err()).as(run.toString()).contains("not migrated").doesNotContain("UNEXPECTED");
      assertThat(run.err().lines()).hasSize(1);
    }
    assertThat(sql("select count(*) from pg_namespace where nspname in ('migration', 'seed_meta')")).isEqualTo("0");
  }

  private String sql(String statement) throws Exception {
    try (Connection connection = url.dataSource().getConnection(); Statement st = connection.createStatement()) {
      if (!st.execute(statement)) {
        return String.valueOf(st.getUpdateCount());
      }
      try (var result = st.getResultSet()) {
        return result.next() ? result.getString(1) : null;
      }
    }
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

  /** A schema changed after day one by plain DDL, as an additive migration changes it. */
  private static final String LATER_MIGRATION = """
      alter table migration.assets add column if not exists ai_summary_text text;
      alter table migration.assets add column if not exists data_source text not null default 'discovery';
      create table if not exists migration.assessments (
          id uuid primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          asset_id uuid not null references migration.assets (id) on delete cascade,
          readiness_score numeric(4,3), notes text, created_at timestamptz not null default now());
      """;

  @Test
  void exportPurgeLoadFileIsByteIdenticalForTablesAndColumnsAddedAfterDayOne() throws Exception {
    seed.run("init-dev-db");
    execute(LATER_MIGRATION + """
        update migration.assets set ai_summary_text = 'about ' || asset_name where asset_name like '%%1';
        insert into migration.assessments (id, client_account_id, asset_id, readiness_score, notes)
        select md5(id::text)::uuid, client_account_id, id, 0.25, asset_name from migration.assets
         where client_account_id = '%s';
        """.formatted(TECHCORP));
    Path file = home.resolve("techcorp.json");
    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
    String exported = Files.readString(file);
    assertThat(exported).contains("\"assessments\" : [", "\"ai_summary_text\" : \"about ", "\"data_source\" : \"discovery\"",
        "\"readiness_score\" : 0.250");

    assertThat(seed.run("purge", "--tenant", TECHCORP, "--yes").exitCode()).isZero();
    Cli.Run load = seed.run("load", "--file", file.toString());

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(seed.run("export", "--tenant", TECHCORP).out()).isEqualTo(exported);
  }

  @Test
  void loadFileRefusesATableOrColumnTheDatabaseLacksAndChangesNothing() throws Exception {
    seed.run("init-dev-db");
    Path file = home.resolve("techcorp.json");
    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
    String exported = Files.readString(file);
    assertThat(seed.run("purge", "--tenant", TECHCORP, "--yes").exitCode()).isZero();
    Map<String, Long> before = Cli.snapshot(url);
    Path withTable = home.resolve("with-table.json");
    Files.writeString(withTable, exported.replace("\"assets\" : [", "\"assessments\" : [ ],\n    \"assets\" : ["));
    Path withColumn = home.resolve("with-column.json");
    Files.writeString(withColumn, exported.replaceFirst("\"asset_name\" :", "\"ai_summary_text\" : null,\n        \"asset_name\" :"));

    Cli.Run table = seed.run("load", "--file", withTable.toString());
    Cli.Run column = seed.run("load", "--file", withColumn.toString());

    assertThat(table.exitCode()).as(table.toString()).isEqualTo(2);
    assertThat(table.err()).contains("unknown table 'assessments' in the export (tables: client_accounts, ");
    assertThat(column.exitCode()).as(column.toString()).isEqualTo(2);
    assertThat(column.err()).contains("assets row 1 (id ", "): unknown column 'ai_summary_text' (the database's assets"
        + " has no such column)");
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void exportLeavesGeneratedColumnsOutSoThatPurgeAndLoadFileGiveTheTenantBack() throws Exception {
    seed.run("init-dev-db");
    execute("alter table migration.assets add column name_shout text generated always as (upper(asset_name)) stored");
    Path file = home.resolve("techcorp.json");
    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
    String exported = Files.readString(file);
    assertThat(exported).contains("\"asset_name\" :").doesNotContain("name_shout");
    assertThat(seed.run("purge", "--tenant", TECHCORP, "--yes").exitCode()).isZero();

    Cli.Run load = seed.run("load", "--file", file.toString());

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(seed.run("export", "--tenant", TECHCORP).out()).isEqualTo(exported);
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement();
         java.sql.ResultSet result = statement.executeQuery("select count(*) from migration.assets where client_account_id = '"
             + TECHCORP + "' and name_shout is distinct from upper(asset_name)")) {
      result.next();
      assertThat(result.getLong(1)).isZero();
    }
  }

  @Test
  void migrationsAheadOfTheFilesAreShownAndAFailedOneIsRefusedByName() throws Exception {
    seed.run("init-dev-db");
    execute("insert into migration.flyway_schema_history (installed_rank, version, description, type, script,"
        + " checksum, installed_by, execution_time, success) select max(installed_rank) + 1, '99999', 'newer release',"
        + " 'SQL', 'V99999__newer_release.sql', 0, 'test', 0, true from migration.flyway_schema_history");
    ObjectMapper json = new ObjectMapper();

    Cli.Run migrate = seed.run("migrate", "--json");
    assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
    assertThat(json.readTree(migrate.out()).at("/ahead/0/script").asText()).isEqualTo("V99999__newer_release.sql");
    Cli.Run dryRun = seed.run("migrate", "--dry-run");
    assertThat(dryRun.out()).contains("The database also has V99999__newer_release.sql");
    assertThat(json.readTree(seed.run("migrate", "--dry-run", "--json").out()).at("/ahead/0/script").asText())
        .isEqualTo("V99999__newer_release.sql");
    assertThat(seed.run("status").out()).contains("Ahead        V99999__newer_release.sql");
    assertThat(json.readTree(seed.run("status", "--json").out()).at("/ahead/0/script").asText())
        .isEqualTo("V99999__newer_release.sql");

    execute("update migration.flyway_schema_history set success = false where version = '99999'");
    for (String command : List.of("migrate", "init-dev-db", "status")) {
      Cli.Run refused = seed.run(command);
      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(7);
      assertThat(refused.err()).contains("V99999__newer_release.sql", "recorded as failed");
    }
  }

  @Test
  void nonFiniteNumericsExportAsStringsAndLoadBackByteIdentically() throws Exception {
    seed.run("init-dev-db");
    execute("alter table migration.assets add column if not exists weight numeric");
    execute("update migration.assets set memory_gb = 'NaN', weight = 'Infinity' where id = (select min(id::text)::uuid"
        + " from migration.assets where client_account_id = '" + TECHCORP + "')");
    execute("update migration.assets set weight = '-Infinity' where id = (select max(id::text)::uuid"
        + " from migration.assets where client_account_id = '" + TECHCORP + "')");
    Path file = home.resolve("techcorp.json");
    Cli.Run export = seed.run("export", "--tenant", TECHCORP, "--out", file.toString());
    assertThat(export.exitCode()).as(export.toString()).isZero();
    String exported = Files.readString(file);
    assertThat(exported).contains("\"memory_gb\" : \"NaN\"", "\"weight\" : \"Infinity\"", "\"weight\" : \"-Infinity\"");
    assertThat(seed.run("purge", "--tenant", TECHCORP, "--yes").exitCode()).isZero();

    Cli.Run load = seed.run("load", "--file", file.toString());

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(seed.run("export", "--tenant", TECHCORP).out()).isEqualTo(exported);
  }

  @Test
  void loadFileDashReadsTheExportFromStdin() throws Exception {
    seed.run("init-dev-db");
    execute("update migration.assets set asset_name = asset_name || ' Café ✓ 😀' where client_account_id = '"
        + TECHCORP + "'");
    String exported = seed.run("export", "--tenant", TECHCORP).out();
    assertThat(seed.run("purge", "--tenant", TECHCORP, "--yes").exitCode()).isZero();

    Cli.Run load = seed.withStdin(exported, "load", "--file", "-");

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(seed.run("export", "--tenant", TECHCORP).out()).isEqualTo(exported).contains("Café ✓ 😀");
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
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
    String version = JSON.readTree(seed.run("status", "--json").out()).get("schemaVersion").asText();
    assertThat(version).isNotEqualTo("none");
    assertThat(dryRun.out()).contains(", schema version " + version + " (60 rows):");
    assertThat(JSON.readTree(seed.run("purge", "--tenant", TECHCORP, "--dry-run", "--json").out())
        .get("schemaVersion").asText()).isEqualTo(version);
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
  void purgeIfExistsReportsAnUnknownTenantAndPurgesTheOthers() throws Exception {
    seed.run("init-dev-db");
    String unknown = "0badbad0-0000-4000-8000-00000000beef";

    Cli.Run alone = seed.run("purge", "--tenant", unknown, "--yes", "--if-exists");
    assertThat(alone.exitCode()).as(alone.toString()).isZero();
    assertThat(alone.out()).contains("Tenant " + unknown + " does not exist: nothing to purge for it.",
        "Nothing to purge.");

    Cli.Run both = seed.run("purge", "--tenant", TECHCORP, "--tenant", unknown, "--yes", "--if-exists", "--json");
    assertThat(both.exitCode()).as(both.toString()).isZero();
    JsonNode result = JSON.readTree(both.out());
    assertThat(result.get("tenants").get(0).asText()).isEqualTo(TECHCORP);
    assertThat(result.get("missing").get(0).asText()).isEqualTo(unknown);
    JsonNode status = JSON.readTree(seed.run("status", "--json").out());
    assertThat(status.get("tenants").findValuesAsText("tenantId")).containsExactly(GLOBAL_RETAIL);

    Cli.Run strict = seed.run("purge", "--tenant", TECHCORP, "--yes", "--strict");
    assertThat(strict.exitCode()).isEqualTo(2);
    assertThat(strict.err()).isEqualTo("seed: tenant " + TECHCORP + " does not exist; nothing was purged"
        + " (PurgeOptions.withIfExists(), seed purge --if-exists, skips ids that name no tenant)\n");
  }

  @Test
  void purgeRemovesTheRegistryRowOfATenantDeletedByOtherMeans() throws Exception {
    seed.run("init-dev-db");
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("delete from migration.client_accounts where id = '" + TECHCORP + "'");
    }
    Map<String, Long> before = Cli.snapshot(url);

    Cli.Run dryRun = seed.run("purge", "--tenant", TECHCORP, "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).contains("Tenant " + TECHCORP + " does not exist, but its registry row does:"
        + " the purge removes that row.", "Dry run: nothing was deleted.");
    assertThat(Cli.snapshot(url)).isEqualTo(before);

    Cli.Run purge = seed.run("purge", "--tenant", TECHCORP, "--yes");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(purge.out()).contains("registry row removed, the tenant was already gone: [" + TECHCORP + "]");
    JsonNode status = JSON.readTree(seed.run("status", "--json").out());
    assertThat(status.get("tenants").findValuesAsText("tenantId")).containsExactly(GLOBAL_RETAIL);
    Map<String, Long> after = Cli.snapshot(url);
    assertThat(after.get("seed_meta.purge_log")).isEqualTo(before.get("seed_meta.purge_log"));

    Cli.Run again = seed.run("purge", "--tenant", TECHCORP, "--yes");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("tenant " + TECHCORP + " does not exist");
  }

  @Test
  void purgeRemovesWhatIsLeftOfADeletedTenantWhereNoForeignKeyGuardsTheTable() throws Exception {
    seed.run("init-dev-db");
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("create table migration.audit_trail (id uuid primary key default gen_random_uuid(),"
          + " client_account_id uuid not null, note text)");
      statement.execute("insert into migration.audit_trail (client_account_id, note) values ('" + TECHCORP + "', 'a'), ('"
          + TECHCORP + "', 'b')");
      statement.execute("delete from migration.client_accounts where id = '" + TECHCORP + "'");
    }

    Cli.Run dryRun = seed.run("purge", "--tenant", TECHCORP, "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.out()).contains("Tenant " + TECHCORP + " does not exist, but its registry row does:"
        + " the purge removes that row and the 2 rows left of it in tenant tables.",
        "Purge plan for 0 tenants and what is left of 1 stale tenant at ", "Dry run: nothing was deleted.");

    Cli.Run purge = seed.run("purge", "--tenant", TECHCORP, "--yes");
    assertThat(purge.exitCode()).as(purge.toString()).isZero();
    assertThat(purge.out()).contains("registry row removed, the tenant was already gone (2 rows left of it removed too): ["
        + TECHCORP + "]");
    assertThat(Cli.snapshot(url).get("migration.audit_trail")).isZero();
  }

  @Test
  void flowsDeleteIfExistsReportsAnUnknownFlow() throws Exception {
    seed.run("init-dev-db");
    String flow = UUID.randomUUID().toString();
    String[] delete = {"flows", "delete", "--flow", flow, "--tenant", TECHCORP, "--engagement",
        TechCorp.ENGAGEMENT_ID.toString(), "--yes"};

    Cli.Run unknown = seed.run(delete);
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("flow " + flow + " does not exist");

    String[] ifExists = java.util.Arrays.copyOf(delete, delete.length + 1);
    ifExists[delete.length] = "--if-exists";
    Cli.Run skipped = seed.run(ifExists);
    assertThat(skipped.exitCode()).as(skipped.toString()).isZero();
    assertThat(skipped.out()).contains("Flow " + flow + " does not exist: nothing to delete.");
  }

  @Test
  void envShowSaysWhyTheGuardsDoNotTrustAMarker() throws Exception {
    seed.run("init-dev-db");
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("alter table seed_meta.environment drop constraint environment_name_known");
      statement.execute("update seed_meta.environment set name = 'Production'");
    }

    Cli.Run show = seed.run("env", "show");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out()).contains("every guard refuses: the environment marker says 'Production'");
    Cli.Run status = seed.run("status");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).contains("Environment  every guard refuses: the environment marker says 'Production'");
    JsonNode json = JSON.readTree(seed.run("status", "--json").out());
    assertThat(json.get("environment").isNull()).isTrue();
    assertThat(json.get("environmentRefused").asText()).contains("'Production'");
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("alter table seed_meta.environment rename column name to name_old");
    }
    Cli.Run columnGone = seed.run("status");
    assertThat(columnGone.exitCode()).as(columnGone.toString()).isZero();
    assertThat(columnGone.out()).contains("Environment  every guard refuses", "has no column name");
    assertThat(seed.run("env", "set", "development", "--force").exitCode()).isZero();
    assertThat(seed.run("env", "show").out()).isEqualTo("development\n");
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("alter table seed_meta.environment drop constraint environment_name_known");
      statement.execute("update seed_meta.environment set name = 'Production'");
    }

    assertThat(seed.run("env", "set", "development").exitCode()).isEqualTo(3);
    assertThat(seed.run("env", "set", "development", "--force").exitCode()).isZero();
    assertThat(seed.run("env", "show").out()).isEqualTo("development\n");
  }

  @Test
  void aDeletedMarkerRowIsNotNotSetButAMarkerEveryGuardRefuses() throws Exception {
    seed.run("init-dev-db");
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("delete from seed_meta.environment");
    }

    String missing = "every guard refuses: the marker row of seed_meta.environment is missing";
    assertThat(seed.run("env", "show").out()).startsWith(missing).contains("seed migrate restores it",
        "seed env set NAME --force");
    assertThat(seed.run("status").out()).contains("Environment  " + missing);
    assertThat(seed.run("migrate").out()).contains("Schema is up to date");
    assertThat(seed.run("env", "set", "test").exitCode()).isEqualTo(3);
    assertThat(seed.run("env", "set", "test", "--force").exitCode()).isZero();
    assertThat(seed.run("env", "show").out()).isEqualTo("test\n");
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

  /** How many migration files (the platform's and seed_meta's) an empty database has pending; reads only. */
  private int migrationFiles() {
    return io.tenantseed.migrate.Migrator.forDatabase(url).status().pending().size();
  }

  /** The version the project's migrations/ ends with, as the reports print it ("003"). */
  private static String latestVersion() {
    List<Path> files = io.tenantseed.migrate.MigrationLint.migrationFiles(
        Path.of(System.getProperty("tenantseed.migrations.dir")));
    String last = files.get(files.size() - 1).getFileName().toString();
    return last.substring(1, last.indexOf("__"));
  }

  /** The tenant tables of the test database, the tenant table included (read with a query of the test's own). */
  private List<String> tenantTables() throws Exception {
    return query("""
        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'migration' and c.relkind = 'r'
           and (c.relname = 'client_accounts' or exists (select 1 from pg_attribute a
                 where a.attrelid = c.oid and a.attname = 'client_account_id' and not a.attisdropped))""")
        .stream().map(row -> row.get(0)).toList();
  }

  /** The foreign keys of schema migration between two tables, as [table, referenced table]. */
  private List<List<String>> tenantForeignKeys() throws Exception {
    return query("""
        select k.conrelid::regclass::text, k.confrelid::regclass::text from pg_constraint k
         where k.contype = 'f' and k.connamespace = 'migration'::regnamespace and k.conrelid <> k.confrelid""")
        .stream().map(row -> row.stream().map(name -> name.substring(name.indexOf('.') + 1)).toList()).toList();
  }

  private List<List<String>> query(String sql) throws Exception {
    try (java.sql.Connection connection = url.dataSource().getConnection();
         java.sql.Statement statement = connection.createStatement();
         java.sql.ResultSet rows = statement.executeQuery(sql)) {
      List<List<String>> result = new java.util.ArrayList<>();
      while (rows.next()) {
        List<String> row = new java.util.ArrayList<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
          row.add(rows.getString(i));
        }
        result.add(row);
      }
      return result;
    }
  }


  @Test
  void theEnvironmentMarkerIsShownAndSetAndProductionIsSticky() throws Exception {
    seed.run("migrate");

    assertThat(sql("select string_agg(name, ',') from seed_meta.environment")).isEqualTo("unset");
    assertThat(seed.run("env", "show").out()).isEqualTo("not set\n");
    assertThat(seed.run("status").out()).contains("Environment  not set (seed env set");
    assertThat(JSON.readTree(seed.run("status", "--json").out()).get("environment").isNull()).isTrue();
    assertThat(seed.run("env", "set", "test").exitCode()).isZero();
    assertThat(seed.run("env", "show").out()).isEqualTo("test\n");
    assertThat(seed.run("env", "set", "production").exitCode()).isZero();
    assertThat(seed.run("env", "set", "development").exitCode()).isEqualTo(3);
    assertThat(seed.run("env", "set", "development", "--force").exitCode()).isZero();
  }

  @Test
  void initDevDbKeepsADatabaseMigratedWithTheFilesOf4229678WorkingWithoutReset() throws Exception {
    Path earlier = Path.of(System.getProperty("tenantseed.migrations.dir"))
        .resolveSibling("seed-core/src/test/resources/io/tenantseed/migrate/migrations-4229678");
    try (ScratchDatabase migratedBefore = TestDatabase.shared().createMigratedDatabase(earlier)) {
      Cli old = Cli.against(migratedBefore.url(), home);

      for (int round = 0; round < 2; round++) { // a dry run changes nothing, so the second says the same
        Cli.Run dryRun = old.run("migrate", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("Would realign the recorded checksums of V001__baseline_schema.sql,"
            + " V003__row_level_security.sql with the current files");
      }
      Cli.Run init = old.run("init-dev-db");

      assertThat(init.exitCode()).as(init.toString()).isZero();
      assertThat(init.out()).contains("Realigned the recorded checksums of V001__baseline_schema.sql,"
          + " V003__row_level_security.sql with the current files", "Seeded TechCorp Solutions");
      Cli.Run again = old.run("init-dev-db");
      assertThat(again.exitCode()).isZero();
      assertThat(again.out()).contains("Schema is up to date", "Nothing to do").doesNotContain("Realigned");
      Cli.Run migrate = old.run("migrate");
      assertThat(migrate.exitCode()).isZero();
      assertThat(migrate.out()).startsWith("Schema is up to date at version " + latestVersion());
      assertThat(old.run("migrate", "--dry-run").out()).doesNotContain("Would realign");
    }
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
    assertThat(seed.run("--help").out()).contains("Exit codes:", "init-dev-db", " 6    tenant exists",
        "130   interrupted by SIGINT");
    assertThat(seed.run("--version").out()).startsWith("seed ");
    assertThat(seed.run("load", "--help").out()).contains("--tenant-id", "--if-absent", "badflow, globalretail");
    assertThat(seed.run("generate-completion").out()).contains("complete -F");
  }
}
