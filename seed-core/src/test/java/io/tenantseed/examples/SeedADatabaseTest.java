package io.tenantseed.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.seed.SeedReport;
import io.tenantseed.testing.PlatformMigrations;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The README's "Seeding a database outside tests": the example as it is shown there, run against a database it creates. */
class SeedADatabaseTest {

  private static final Path ROOT = PlatformMigrations.directory().getParent();

  @Test
  void theReadmeShowsTheExampleAsItIs() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String example = Files.readString(ROOT.resolve("seed-core/src/test/java/io/tenantseed/examples/SeedADatabase.java"));

    String section = readme.substring(readme.indexOf("### Seeding a database outside tests"));
    int start = section.indexOf("```java\n") + "```java\n".length();
    String shown = section.substring(start, section.indexOf("```", start));

    assertThat(shown).isEqualTo(example.substring(example.indexOf('\n') + 1).stripLeading());
  }

  @Test
  void theExampleCreatesMigratesAndSeedsADatabaseAndDoesNothingTheSecondTime() throws Exception {
    DatabaseUrl server = TestDatabase.shared().url();
    DatabaseUrl url = server.withDatabase("seed_example_" + UUID.randomUUID().toString().replace("-", ""));
    try {
      SeedReport first = SeedADatabase.seed(url);
      SeedReport again = SeedADatabase.seed(url);

      assertThat(first.outcome()).isEqualTo(SeedReport.Outcome.SEEDED);
      assertThat(first.summary()).startsWith("Seeded Acme Ltd: 1 client account, 1 engagement, ");
      assertThat(first.rows()).containsEntry("migration.assets", 20L);
      assertThat(again.outcome()).isEqualTo(SeedReport.Outcome.UNCHANGED);
      assertThat(Migrator.forDataSource(url.dataSource()).status().schemaVersion())
          .isEqualTo(PlatformMigrations.latestVersion());
      assertThat(assets(url, first.tenantId())).isEqualTo(20);
    } finally {
      try (Connection connection = server.dataSource().getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + url.database() + " WITH (FORCE)");
      }
    }
  }

  private static int assets(DatabaseUrl url, UUID tenantId) throws SQLException {
    try (Connection connection = url.dataSource().getConnection();
         PreparedStatement statement = connection.prepareStatement(
             "select count(*) from migration.assets where client_account_id = ?")) {
      statement.setObject(1, tenantId);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }
  }
}
