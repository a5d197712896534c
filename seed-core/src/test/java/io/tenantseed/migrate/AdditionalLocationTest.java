package io.tenantseed.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.testing.PlatformMigrations;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test-only migration ({@code V900__assets_ai_summary_and_assessments.sql}, the schema
 * change of issue 16) applied from its own location after {@code migrations/}, on a scratch
 * database, as the tests that show tenant-seed following a schema change use it.
 */
class AdditionalLocationTest {

  private static final Path EVOLUTION = PlatformMigrations.evolutionDirectory();
  private static final Path EVOLUTION_FILE = EVOLUTION.resolve("V900__assets_ai_summary_and_assessments.sql");

  private static ScratchDatabase evolved;
  private static DSLContext db;

  @BeforeAll
  static void migrateWithTheAdditionalLocation() {
    evolved = TestDatabase.shared().createMigratedDatabaseWith(EVOLUTION);
    db = DSL.using(evolved.dataSource(), SQLDialect.POSTGRES);
  }

  @AfterAll
  static void dropIt() {
    evolved.close();
  }

  @Test
  void theScratchDatabaseHasTheNewTableAndColumnsAfterEveryPlatformMigration() {
    List<String> expected = new ArrayList<>();
    PlatformMigrations.files().forEach(file -> expected.add(file.getFileName().toString()));
    expected.add(EVOLUTION_FILE.getFileName().toString());
    assertThat(db.fetch("select script from migration.flyway_schema_history where version is not null"
            + " order by installed_rank").getValues(0, String.class))
        .containsExactlyElementsOf(expected);

    assertThat(columns("assessments")).containsExactly(
        "id uuid NO null", "client_account_id uuid NO null", "engagement_id uuid NO null", "asset_id uuid NO null",
        "readiness_score numeric YES null", "notes text YES null", "created_at timestamp with time zone NO now()",
        "status text NO null", "review_band integer NO null");
    assertThat(db.fetchOne("select numeric_precision, numeric_scale from information_schema.columns"
            + " where table_schema = 'migration' and table_name = 'assessments' and column_name = 'readiness_score'")
            .intoList()).containsExactly(4, 3);
    assertThat(columns("assets")).contains("ai_summary_text text YES null", "data_source text NO 'discovery'::text");
  }

  @Test
  void theNewTableIsATenantTableUnderForcedRowLevelSecurityAsV003MakesThem() {
    Record rls = db.fetchOne("""
        select c.relrowsecurity, c.relforcerowsecurity,
               has_table_privilege('seed_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE')
          from pg_class c where c.oid = 'migration.assessments'::regclass""");
    assertThat(rls.intoList()).containsExactly(true, true, true);
    assertThat(db.fetch("select policyname, roles::text from pg_policies"
            + " where schemaname = 'migration' and tablename = 'assessments' order by policyname").map(Record::intoList))
        .containsExactly(List.of("owner_all", "{" + db.fetchValue("select current_user") + "}"),
            List.of("tenant_isolation", "{seed_app}"));
    assertThat(db.fetch("""
            select pg_get_indexdef(i.indexrelid) from pg_index i
             where i.indrelid = 'migration.assessments'::regclass and not i.indisprimary
             order by 1""").getValues(0, String.class))
        .containsExactly(
            "CREATE INDEX assessments_asset_id_idx ON migration.assessments USING btree (asset_id)",
            "CREATE INDEX assessments_engagement_id_idx ON migration.assessments USING btree (engagement_id)",
            "CREATE INDEX assessments_tenant_engagement_idx ON migration.assessments"
                + " USING btree (client_account_id, engagement_id)");
  }

  @Test
  void thePlatformMigrationsKeepTheirChecksumsAndValidateWithTheAdditionalLocation() {
    Migrator withIt = Migrator.forDataSource(evolved.dataSource()).withAdditionalLocation(EVOLUTION);
    String platformRows = "select version, script, checksum from migration.flyway_schema_history"
        + " where version is not null and version <> '900' order by installed_rank";

    withIt.validate();
    assertThat(withIt.upToDateVersion()).as("the fast path reads both locations").contains("900");
    MigrateReport again = withIt.migrate();
    assertThat(again.upToDate()).isTrue();
    assertThat(again.schemaVersion()).isEqualTo("900");
    assertThat(withIt.status().pending()).isEmpty();
    assertThat(db.fetch(platformRows).map(Record::intoList))
        .as("the platform's history rows are those of a database migrated without the location")
        .isEqualTo(DSL.using(TestDatabase.shared().dataSource(), SQLDialect.POSTGRES).fetch(platformRows)
            .map(Record::intoList));
  }

  @Test
  void aMigratorWithoutTheLocationLeavesTheNewerMigrationAsItIsAndSaysSo() {
    Migrator without = Migrator.forDataSource(evolved.dataSource());

    assertThat(without.upToDateVersion()).isEmpty();
    without.validate();
    MigrateReport report = without.migrate();

    assertThat(report.applied()).isEmpty();
    assertThat(report.ahead()).extracting(MigrationEntry::script).containsExactly(EVOLUTION_FILE.getFileName().toString());
    assertThat(report.summary()).contains("The database also has " + EVOLUTION_FILE.getFileName()
        + ", which these migrations do not");
  }

  @Test
  void theTestOnlyMigrationRunsTwiceSafely() throws Exception {
    List<String> before = CatalogSnapshot.of(evolved.dataSource());

    try (java.sql.Connection connection = evolved.dataSource().getConnection();
         java.sql.Statement statement = connection.createStatement()) {
      statement.execute(Files.readString(EVOLUTION_FILE));
    }

    assertThat(CatalogSnapshot.of(evolved.dataSource())).isEqualTo(before);
  }

  @Test
  void theTestOnlyMigrationPassesTheLintAsTheNextMigrationOfTheProject(@TempDir Path dir) throws IOException {
    for (Path file : PlatformMigrations.files()) {
      Files.copy(file, dir.resolve(file.getFileName()));
    }
    Files.copy(EVOLUTION_FILE, dir.resolve(PlatformMigrations.nextFileName("assets_ai_summary_and_assessments")));

    assertThat(MigrationLint.lint(dir)).isEmpty();
  }

  @Test
  void aMissingAdditionalLocationIsReported() {
    assertThatThrownBy(() -> Migrator.forDataSource(evolved.dataSource()).withAdditionalLocation(Path.of("no/such/dir")))
        .isInstanceOf(UnableToMigrateException.class)
        .hasMessage("migrations directory no/such/dir does not exist");
  }

  @Test
  void aVersionInBothLocationsIsRefusedAndNothingIsApplied(@TempDir Path dir) throws IOException {
    String first = PlatformMigrations.files().get(0).getFileName().toString();
    String clash = first.substring(0, first.indexOf("__")) + "__clash.sql";
    Files.writeString(dir.resolve(clash), "CREATE TABLE IF NOT EXISTS migration.clash (id int);\n");
    try (ScratchDatabase scratch = TestDatabase.shared().createEmptyDatabase()) {
      assertThatThrownBy(() -> Migrator.forDataSource(scratch.dataSource()).withAdditionalLocation(dir).migrate())
          .isInstanceOf(UnableToMigrateException.class)
          .hasMessageContaining(first).hasMessageContaining(clash);
      assertThat(DSL.using(scratch.dataSource(), SQLDialect.POSTGRES)
          .fetchValue("select to_regclass('migration.client_accounts') is null")).isEqualTo(true);
    }
  }

  private static List<String> columns(String table) {
    return db.fetch("""
            select column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, 'null')
              from information_schema.columns
             where table_schema = 'migration' and table_name = {0}
             order by ordinal_position""", DSL.val(table))
        .getValues(0, String.class);
  }
}
