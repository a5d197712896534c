package io.tenantseed.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tenantseed.migrate.MigrationStatus;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.migrate.UnableToMigrateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDatabaseTest {

  private final DSLContext db = DSL.using(TestDatabase.shared().dataSource(), SQLDialect.POSTGRES);

  @Test
  void theSharedDatabaseIsTheOneTheEnvironmentAskedFor() {
    String external = System.getenv(TestDatabase.URL_VARIABLE);

    if (external != null && !external.isBlank()) {
      assertThat(TestDatabase.shared().kind()).isEqualTo(TestDatabase.Kind.EXTERNAL);
      assertThat(TestDatabase.shared().url().database()).startsWith("seed_test_");
    } else {
      assertThat(TestDatabase.shared().kind()).isIn(TestDatabase.Kind.TESTCONTAINERS, TestDatabase.Kind.EMBEDDED);
    }
    assertThat(db.fetchOne("show server_version_num").get(0, Integer.class)).isBetween(150000, 159999);
  }

  @Test
  void anAdminUrlGetsAUniqueDatabaseThatIsDroppedOnClose() {
    TestDatabase external = TestDatabase.external(TestDatabase.shared().server());
    String name = external.url().database();
    try {
      assertThat(external.kind()).isEqualTo(TestDatabase.Kind.EXTERNAL);
      assertThat(name).matches("seed_test_\\d{8}_\\d{6}_[0-9a-f]{8}");
      assertThat(exists(name)).isTrue();
    } finally {
      external.close();
    }
    assertThat(exists(name)).isFalse();
  }

  @Test
  void scratchDatabasesAreDistinctAndDroppedOnClose() {
    String first;
    String second;
    try (ScratchDatabase a = TestDatabase.shared().createEmptyDatabase();
         ScratchDatabase b = TestDatabase.shared().createEmptyDatabase()) {
      first = a.url().database();
      second = b.url().database();
      assertThat(first).isNotEqualTo(second);
      assertThat(exists(first)).isTrue();
    }
    assertThat(exists(first)).isFalse();
    assertThat(exists(second)).isFalse();
  }

  @Test
  void aCreatedDatabaseIsMigratedWithTheBundledMigrations() {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      MigrationStatus status = Migrator.forDataSource(scratch.dataSource()).status();

      assertThat(status.schemaVersion()).isEqualTo(PlatformMigrations.latestVersion());
      assertThat(status.pending()).isEmpty();
      assertThat(schemas(scratch)).contains("migration", "seed_meta");
    }
  }

  @Test
  void anEmptyDatabaseHasNeitherThePlatformNorTheBookkeepingSchema() {
    try (ScratchDatabase empty = TestDatabase.shared().createEmptyDatabase()) {
      assertThat(schemas(empty)).doesNotContain("migration", "seed_meta");
      assertThat(Migrator.forDataSource(empty.dataSource()).status().schemaVersion()).isEqualTo("none");
    }
  }

  private static List<String> schemas(ScratchDatabase database) {
    return DSL.using(database.dataSource(), SQLDialect.POSTGRES)
        .fetchValues("select nspname from pg_namespace").stream().map(String::valueOf).toList();
  }

  @Test
  void aScratchDatabaseWhosePreparationFailsIsDropped(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("V001__broken.sql"), "CREATE TABLE migration.t (id no_such_type);\n");
    List<String> created = new ArrayList<>();

    assertThatThrownBy(() -> TestDatabase.shared().createEmptyDatabase(scratch -> {
      created.add(scratch.url().database());
      Migrator.forDataSource(scratch.dataSource()).withMigrationsDirectory(dir).migrate();
    })).isInstanceOf(UnableToMigrateException.class).hasMessageContaining("no_such_type");

    assertThat(created).hasSize(1);
    assertThat(exists(created.get(0))).isFalse();
  }

  @Test
  void aTestDatabaseWhoseMigrationFailsIsDropped() {
    TestDatabase external = TestDatabase.external(TestDatabase.shared().server());
    String name = external.url().database();

    assertThatThrownBy(() -> TestDatabase.migrated(external, dataSource -> {
      throw new IllegalStateException("migration failed");
    })).hasMessage("migration failed");

    assertThat(exists(name)).isFalse();
  }

  @Test
  void theEmbeddedTestServerRunsFastNotDurably() throws Exception {
    TestDatabase embedded = TestDatabase.start(Map.of());
    try {
      assumeTrue(embedded.kind() == TestDatabase.Kind.EMBEDDED, "a Docker engine answers: no embedded server");
      DSLContext server = DSL.using(embedded.dataSource(), SQLDialect.POSTGRES);

      assertThat(server.fetchOne("show fsync").get(0, String.class)).isEqualTo("off");
      assertThat(server.fetchOne("show synchronous_commit").get(0, String.class)).isEqualTo("off");
    } finally {
      embedded.close();
    }
  }

  private boolean exists(String database) {
    return db.fetchOne("select count(*) from pg_database where datname = ?", database).get(0, Integer.class) == 1;
  }
}
