package io.tenantseed.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import io.tenantseed.db.DatabaseUnreachableException;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.testing.PlatformMigrations;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratorTest {

  private static final Path MIGRATIONS = PlatformMigrations.directory();
  /** The version migrations/ ends with, as the reports print it. */
  private static final String LATEST = PlatformMigrations.latestVersion();
  /** A migration after the last of migrations/, in a copy of it. */
  private static final String NEXT = PlatformMigrations.nextFileName("wave_label");

  /** seed_meta's migration files, as the classpath holds them. */
  private static final Path META_FILES = metaFiles();

  private ScratchDatabase scratch;

  private static Path metaFiles() {
    try {
      return Path.of(Migrator.class.getResource("/io/tenantseed/seed_meta").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The names of the SQL files of {@code directory}, in version order. */
  private static List<String> sqlFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql"))
          .sorted(java.util.Comparator.comparing((String name) -> name.substring(1, name.indexOf("__")),
              AppliedCheck::compareVersions))
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @BeforeEach
  void emptyDatabase() {
    scratch = TestDatabase.shared().createEmptyDatabase();
  }

  @AfterEach
  void dropIt() {
    scratch.close();
  }

  @Test
  void freshMigrateAppliesBothSchemasInOrder() {
    MigrateReport report = Migrator.forDataSource(scratch.dataSource()).migrate();

    List<String> files = new java.util.ArrayList<>();
    sqlFiles(MIGRATIONS).forEach(file -> files.add("migration " + file));
    sqlFiles(META_FILES).forEach(file -> files.add("seed_meta " + file));
    assertThat(report.applied()).extracting(MigrationEntry::toString).containsExactlyElementsOf(files);
    assertThat(files).startsWith("migration V001__baseline_schema.sql").contains("seed_meta V001__seed_meta_bookkeeping.sql");
    assertThat(report.schemaVersion()).isEqualTo(LATEST);
    assertThat(report.upToDate()).isFalse();
    assertThat(report.summary()).startsWith("Applied " + files.size() + " migrations (")
        .endsWith("schema now at version " + LATEST + ".");
  }

  @Test
  void secondMigrateIsANoOpThatSaysSo() {
    Migrator migrator = Migrator.forDataSource(scratch.dataSource());
    migrator.migrate();

    MigrateReport second = migrator.migrate();

    assertThat(second.upToDate()).isTrue();
    assertThat(second.applied()).isEmpty();
    assertThat(second.summary()).isEqualTo("Schema is up to date at version " + LATEST + "; no migration applied.");
  }

  @Test
  void anUpToDateDatabaseIsKnownWithoutFlywayAndOnlyWhenEveryFileMatches(@TempDir Path dir) throws IOException {
    copyMigrations(dir);
    Migrator bundled = Migrator.forDataSource(scratch.dataSource());
    Migrator fromDirectory = bundled.withMigrationsDirectory(dir);
    assertThat(bundled.upToDateVersion()).isEmpty();

    bundled.migrate();

    // Our checksums agree with those Flyway wrote, for the classpath (jar or directory) and a directory.
    assertThat(bundled.upToDateVersion()).contains(LATEST);
    assertThat(fromDirectory.upToDateVersion()).contains(LATEST);
    Files.writeString(dir.resolve(NEXT), "ALTER TABLE migration.assets ADD COLUMN wave_label text;\n");
    assertThat(fromDirectory.upToDateVersion()).as("a pending file").isEmpty();
    assertThat(fromDirectory.migrate().applied()).extracting(MigrationEntry::script).containsExactly(NEXT);
    assertThat(fromDirectory.upToDateVersion()).contains(NEXT.substring(1, NEXT.indexOf("__")));
    assertThat(bundled.upToDateVersion()).as("an applied migration without its file").isEmpty();
    Files.writeString(dir.resolve(NEXT), "-- changed\n", StandardOpenOption.APPEND);
    assertThat(fromDirectory.upToDateVersion()).as("a changed checksum").isEmpty();
    assertThatThrownBy(fromDirectory::migrate).isInstanceOf(UnableToMigrateException.class).hasMessageContaining("checksum");
  }

  @Test
  void versionsAreOrderedAsFlywayOrdersThem() {
    assertThat(AppliedCheck.compareVersions("010", "9")).isPositive();
    assertThat(AppliedCheck.compareVersions("1.2", "1.10")).isNegative();
    assertThat(AppliedCheck.compareVersions("1", "1.0")).isZero();
    assertThat(AppliedCheck.compareVersions("1", "1.0.1")).isNegative();
    assertThat(AppliedCheck.compareVersions("003", "3")).isZero();
  }

  @Test
  void statusListsPendingThenApplied() {
    Migrator migrator = Migrator.forDataSource(scratch.dataSource());

    MigrationStatus before = migrator.status();
    migrator.migrate();
    MigrationStatus after = migrator.status();

    assertThat(before.schemaVersion()).isEqualTo("none");
    assertThat(before.pending()).hasSize(sqlFiles(MIGRATIONS).size() + sqlFiles(META_FILES).size());
    assertThat(before.upToDate()).isFalse();
    assertThat(after.schemaVersion()).isEqualTo(LATEST);
    assertThat(after.pending()).isEmpty();
    List<String> versions = new java.util.ArrayList<>();
    for (Path directory : List.of(MIGRATIONS, META_FILES)) {
      sqlFiles(directory).forEach(file -> versions.add(file.substring(1, file.indexOf("__"))));
    }
    assertThat(after.applied()).extracting(MigrationEntry::version).containsExactlyElementsOf(versions);
  }

  @Test
  void aFailingMigrationIsNamedWithPostgresMessageAndRolledBack(@TempDir Path dir) throws IOException {
    copyMigrations(dir);
    Files.writeString(dir.resolve(NEXT),
        "ALTER TABLE migration.assets ADD COLUMN IF NOT EXISTS wave_label no_such_type;\n");

    assertThatThrownBy(() -> Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(dir).migrate())
        .isInstanceOf(UnableToMigrateException.class)
        .hasMessageContaining(NEXT)
        .hasMessageContaining("type \"no_such_type\" does not exist")
        .satisfies(e -> assertThat(((UnableToMigrateException) e).errorCode()).isEqualTo(ErrorCode.MIGRATION_FAILED));

    assertThat(Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(dir).status().schemaVersion())
        .isEqualTo(LATEST);
    assertThat(DSL.using(scratch.dataSource(), SQLDialect.POSTGRES).fetchOne(
            "select count(*) from information_schema.columns where table_name = 'assets' and column_name = 'wave_label'")
            .get(0, Integer.class))
        .isZero();
  }

  @Test
  void aChangedAppliedMigrationIsRefusedByName(@TempDir Path dir) throws IOException {
    copyMigrations(dir);
    Migrator migrator = Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(dir);
    migrator.migrate();
    Files.writeString(dir.resolve("V002__tenant_and_foreign_key_indexes.sql"),
        "\nCREATE INDEX IF NOT EXISTS sneaky_idx ON migration.assets (hostname);\n", StandardOpenOption.APPEND);

    assertThatThrownBy(migrator::validate)
        .isInstanceOf(UnableToMigrateException.class)
        .hasMessageContaining("V002__tenant_and_foreign_key_indexes.sql")
        .hasMessageContaining("checksum");
    assertThatThrownBy(migrator::migrate).isInstanceOf(UnableToMigrateException.class);
  }

  @Test
  void aDatabaseMigratedWithTheFilesOf4229678IsRealignedOnceAndKeepsExactlyItsSchema(@TempDir Path dir)
      throws Exception {
    Migrator earlier = Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(earlierFiles());
    earlier.migrate();
    List<String> schema = CatalogSnapshot.of(scratch.dataSource());
    // The current form of the same files, without any migration added since, which would change the schema.
    List<String> sameFiles = sqlFiles(earlierFiles());
    for (String file : sameFiles) {
      Files.copy(MIGRATIONS.resolve(file), dir.resolve(file));
    }
    String version = sameFiles.get(sameFiles.size() - 1).substring(1, 4);
    Migrator current = Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(dir);
    assertThat(current.upToDateVersion()).as("the fast path sees the old checksums").isEmpty();

    MigrateReport report = current.migrate();

    assertThat(report.realigned()).extracting(MigrationEntry::toString)
        .containsExactly("migration V001__baseline_schema.sql", "migration V003__row_level_security.sql");
    assertThat(report.applied()).isEmpty();
    assertThat(report.upToDate()).isFalse();
    assertThat(report.summary()).isEqualTo("Realigned the recorded checksums of V001__baseline_schema.sql,"
        + " V003__row_level_security.sql with the current files (known earlier forms of the same migrations)."
        + " Schema is up to date at version " + version + "; no migration applied.");
    current.validate();
    assertThat(current.upToDateVersion()).as("the fast path, from now on").contains(version);
    MigrateReport second = current.migrate();
    assertThat(second.upToDate()).isTrue();
    assertThat(second.realigned()).isEmpty();
    assertThat(CatalogSnapshot.of(scratch.dataSource())).as("the schema did not change").isEqualTo(schema);
    try (ScratchDatabase fresh = TestDatabase.shared().createMigratedDatabase(dir)) {
      assertThat(CatalogSnapshot.of(fresh.dataSource())).as("the current files make the same schema").isEqualTo(schema);
    }
  }

  @Test
  void twoMigratesAtOnceRealignTheEarlierFormsExactlyOnceAndBothSucceed() throws Exception {
    Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(earlierFiles()).migrate();
    Migrator current = Migrator.forDataSource(scratch.dataSource());

    var first = java.util.concurrent.CompletableFuture.supplyAsync(current::migrate);
    var second = java.util.concurrent.CompletableFuture.supplyAsync(current::migrate);

    List<MigrationEntry> realigned = new java.util.ArrayList<>(first.get().realigned());
    realigned.addAll(second.get().realigned());
    assertThat(realigned).extracting(MigrationEntry::script)
        .containsExactlyInAnyOrder("V001__baseline_schema.sql", "V003__row_level_security.sql");
    current.validate();
  }

  @Test
  void theKnownEarlierFormsNameTheCurrentChecksumsOfTheFiles() throws Exception {
    for (EarlierForms.Form form : EarlierForms.FORMS) {
      Path file = form.schema().equals(Migrator.PLATFORM_SCHEMA) ? MIGRATIONS.resolve(form.script())
          : Path.of(Migrator.class.getResource("/io/tenantseed/seed_meta/" + form.script()).toURI());
      try (var in = Files.newInputStream(file)) {
        assertThat(AppliedCheck.checksum(in)).as(form.script()).isEqualTo(form.current());
      }
      try (var in = Files.newInputStream(earlierFiles().resolve(form.script()))) {
        assertThat(AppliedCheck.checksum(in)).as("the earlier " + form.script()).isEqualTo(form.earlier());
      }
    }
  }

  @Test
  void anyOtherChecksumBesideAnEarlierFormIsRefusedByNameAndNothingIsRealigned() throws Exception {
    Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(earlierFiles()).migrate();
    DSL.using(scratch.dataSource(), SQLDialect.POSTGRES)
        .execute("update migration.flyway_schema_history set checksum = checksum + 1 where version = '001'");
    List<Integer> before = checksums();

    assertThatThrownBy(() -> Migrator.forDataSource(scratch.dataSource()).migrate())
        .isInstanceOf(UnableToMigrateException.class)
        .hasMessageContaining("V001__baseline_schema.sql")
        .hasMessageContaining("checksum")
        .satisfies(e -> assertThat(((UnableToMigrateException) e).errorCode()).isEqualTo(ErrorCode.MIGRATION_FAILED));
    assertThat(checksums()).as("V003's earlier form is not realigned either").isEqualTo(before);
  }

  @Test
  void anEarlierFormIsNotRealignedWhenTheFileChangedAgain(@TempDir Path dir) throws IOException {
    copyMigrations(dir);
    Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(earlierFiles()).migrate();
    Files.writeString(dir.resolve("V003__row_level_security.sql"), "-- changed again\n", StandardOpenOption.APPEND);

    assertThatThrownBy(() -> Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(dir).migrate())
        .isInstanceOf(UnableToMigrateException.class)
        .hasMessageContaining("V003__row_level_security.sql");
  }

  private List<Integer> checksums() {
    return DSL.using(scratch.dataSource(), SQLDialect.POSTGRES)
        .fetch("select checksum from migration.flyway_schema_history where checksum is not null order by installed_rank")
        .getValues(0, Integer.class);
  }

  /** The platform migrations as of commit 4229678, before they were made to run twice safely. */
  private static Path earlierFiles() {
    try {
      return Path.of(MigratorTest.class.getResource("migrations-4229678").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFailedMigrationBeyondTheFilesIsRefusedByNameByMigrateValidateAndStatus() throws Exception {
    Migrator migrator = Migrator.forDataSource(scratch.dataSource());
    migrator.migrate();
    try (java.sql.Connection connection = scratch.dataSource().getConnection();
         java.sql.Statement statement = connection.createStatement()) {
      statement.execute("insert into migration." + Migrator.HISTORY_TABLE + " (installed_rank, version, description,"
          + " type, script, checksum, installed_by, execution_time, success) select max(installed_rank) + 1, '99999',"
          + " 'newer release', 'SQL', 'V99999__newer_release.sql', 0, 'test', 0, false from migration."
          + Migrator.HISTORY_TABLE);
    }

    for (Runnable action : List.<Runnable>of(migrator::migrate, migrator::validate, migrator::status)) {
      assertThatThrownBy(action::run).isInstanceOf(UnableToMigrateException.class)
          .hasMessageContaining("V99999__newer_release.sql").hasMessageContaining("recorded as failed")
          .satisfies(e -> assertThat(((UnableToMigrateException) e).errorCode().exitCode()).isEqualTo(7));
    }
  }

  @Test
  void aMissingMigrationsDirectoryIsReported() {
    assertThatThrownBy(() -> Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(Path.of("no/such/dir")))
        .isInstanceOf(UnableToMigrateException.class)
        .hasMessage("migrations directory no/such/dir does not exist");
  }

  @Test
  void anUnreachableServerIsReportedAsSuchWithoutThePassword() {
    DatabaseUrl nowhere = DatabaseUrl.parse("postgresql://postgres:hunter2@127.0.0.1:1/seed_dev?connect_timeout=2");

    assertThatThrownBy(() -> Migrator.forDatabase(nowhere).migrate())
        .isInstanceOf(DatabaseUnreachableException.class)
        .hasMessageStartingWith("cannot reach PostgreSQL at 127.0.0.1:1/seed_dev")
        .message().doesNotContain("hunter2");
  }

  @Test
  void aMissingDatabaseIsReportedAsUnreachable() {
    DatabaseUrl missing = TestDatabase.shared().url().withDatabase("seed_no_such_database");

    assertThatThrownBy(() -> Migrator.forDatabase(missing).status())
        .isInstanceOf(DatabaseUnreachableException.class)
        .hasMessageContaining("database not found")
        .hasMessageContaining("seed_no_such_database");
  }

  private static void copyMigrations(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
  }
}
