package io.tenantseed.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every migration file runs twice safely as plain SQL, as {@code psql -f} applies it in the
 * incremental track: the second run succeeds and leaves the catalog exactly as the first did,
 * which is exactly what Flyway makes of the same files.
 */
class RerunnableMigrationsTest {

  private static final Path MIGRATIONS = Path.of(System.getProperty("tenantseed.migrations.dir"));

  @Test
  void everyFileAppliedTwiceAsOneScriptThroughJdbcSucceedsAndChangesNothing() throws Exception {
    try (ScratchDatabase plain = TestDatabase.shared().createEmptyDatabase();
         ScratchDatabase flyway = TestDatabase.shared().createDatabase()) {
      for (Path file : files()) {
        execute(plain, file);
      }
      List<String> once = CatalogSnapshot.of(plain.dataSource());
      for (Path file : files()) {
        execute(plain, file);
      }

      assertThat(CatalogSnapshot.of(plain.dataSource())).isEqualTo(once);
      assertThat(once).isEqualTo(CatalogSnapshot.of(flyway.dataSource()));
    }
  }

  @Test
  void everyFileAppliedTwiceWithPsqlOnErrorStopSucceedsAndChangesNothing() throws Exception {
    assumeTrue(onPath("psql"), "psql is not installed");
    try (ScratchDatabase plain = TestDatabase.shared().createEmptyDatabase()) {
      for (Path file : files()) {
        psql(plain, file);
      }
      List<String> once = CatalogSnapshot.of(plain.dataSource());
      for (Path file : files()) {
        psql(plain, file);
      }

      assertThat(CatalogSnapshot.of(plain.dataSource())).isEqualTo(once);
    }
  }

  /** The platform's files, then seed_meta's, in version order, as the Migrator applies them. */
  private static List<Path> files() throws IOException, java.net.URISyntaxException {
    List<Path> files = new ArrayList<>(sqlFiles(MIGRATIONS));
    files.addAll(sqlFiles(Path.of(Migrator.class.getResource("/io/tenantseed/seed_meta").toURI())));
    return files;
  }

  private static List<Path> sqlFiles(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.filter(file -> file.getFileName().toString().endsWith(".sql")).sorted().toList();
    }
  }

  private static void execute(ScratchDatabase database, Path file) throws IOException {
    String sql = Files.readString(file, StandardCharsets.UTF_8);
    try (Connection connection = database.dataSource().getConnection();
         Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError(file.getFileName() + " failed: " + e.getMessage(), e);
    }
  }

  private static void psql(ScratchDatabase database, Path file) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file.toString(),
        database.url().unmasked())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("psql finished").isTrue();
    assertThat(process.exitValue()).as("psql -f " + file.getFileName() + ": " + output).isZero();
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    return path != null && Stream.of(path.split(File.pathSeparator))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
  }
}
