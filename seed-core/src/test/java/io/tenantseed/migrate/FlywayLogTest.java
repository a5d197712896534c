package io.tenantseed.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What a user's log shows of a migration: a JVM of its own logs everything at debug (slf4j-simple,
 * to a file), as a user's provider might, and runs {@link Migrator} on a scratch database with
 * a test migration that raises a notice and a warning; then a Flyway of the user's own.
 */
class FlywayLogTest {

  private static final String PHASE_MARK = "now the user's own Flyway";

  @Test
  void aMigrationLogsFlywaysWarningsButItsProgressOnlyAtDebugAndAUsersFlywayKeepsItsLevels(@TempDir Path work)
      throws Exception {
    Path migrations = Files.createDirectories(work.resolve("migrations"));
    Files.writeString(migrations.resolve("V900__raises_a_notice_and_a_warning.sql"),
        "DO $$ BEGIN RAISE NOTICE 'probe notice'; RAISE WARNING 'probe warning'; END $$;\n");
    Path log = work.resolve("slf4j.log");

    List<String> lines;
    try (ScratchDatabase scratch = TestDatabase.shared().createEmptyDatabase()) {
      lines = runChild(scratch.url(), migrations, log, work);
    }
    int mark = lines.indexOf(lines.stream().filter(line -> line.contains(PHASE_MARK)).findFirst().orElseThrow());
    List<String> migrator = lines.subList(0, mark);
    List<String> users = lines.subList(mark + 1, lines.size());

    assertThat(migrator).filteredOn(line -> line.contains(" INFO org.flywaydb")).isEmpty();
    assertThat(migrator).anyMatch(line -> line.contains(" WARN org.flywaydb") && line.contains("DB: probe warning"));
    assertThat(migrator).anyMatch(line -> line.contains(" DEBUG org.flywaydb") && line.contains("DB: probe notice"));
    assertThat(migrator).anyMatch(line -> line.contains(" DEBUG org.flywaydb.core.FlywayExecutor - Database: jdbc:"));
    assertThat(users).anyMatch(line -> line.contains(" INFO org.flywaydb.core.FlywayExecutor - Database: jdbc:"));
  }

  private static List<String> runChild(DatabaseUrl url, Path migrations, Path log, Path work)
      throws IOException, InterruptedException {
    Path output = work.resolve("child.out");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-Dorg.slf4j.simpleLogger.logFile=" + log,
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        Child.class.getName(), migrations.toString())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("PROBE_DATABASE_URL", url.unmasked()); // not on a command line
    Process child = builder.start();
    if (!child.waitFor(120, TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      fail("the child JVM timed out after 120 s; its output:%n%s", Files.readString(output, StandardCharsets.UTF_8));
    }
    assertThat(child.exitValue()).as(Files.readString(output, StandardCharsets.UTF_8)).isZero();
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  /** The child JVM: a user's Flyway loaded first, then a Migrator's migration, then the user's Flyway run. */
  static final class Child {
    public static void main(String[] args) {
      DatabaseUrl url = DatabaseUrl.parse(System.getenv("PROBE_DATABASE_URL"));
      Flyway users = Flyway.configure().dataSource(url.dataSource()).schemas(Migrator.PLATFORM_SCHEMA).load();
      Migrator.forDatabase(url).withAdditionalLocation(Path.of(args[0])).migrate();
      LoggerFactory.getLogger("probe").warn(PHASE_MARK);
      users.info();
    }
  }
}
