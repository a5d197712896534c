package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code seed export} to stdout, as a process: its bytes whatever the locale, and a write that fails. */
class ExportStdoutTest {

  private static final String TECHCORP = TechCorp.TENANT_ID.toString();
  private static final String TEXT = "Café ✓ 😀";
  private static final Map<String, String> C_LOCALE = Map.of("LANG", "C", "LC_ALL", "C");

  @TempDir
  Path home;

  private ScratchDatabase database;
  private DatabaseUrl url;

  @BeforeEach
  void seededDatabase() throws Exception {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    Cli.Run init = Cli.against(url, home).run("init-dev-db");
    assertThat(init.exitCode()).as(init.toString()).isZero();
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("update migration.assets set asset_name = asset_name || ' " + TEXT + "'"
          + " where client_account_id = '" + TECHCORP + "'");
    }
  }

  @AfterEach
  void dropDatabase() {
    SeedProcess.destroyAll();
    database.close();
  }

  @Test
  void stdoutInTheCLocaleGivesTheSameUtf8BytesAsOut() throws Exception {
    Path file = home.resolve("techcorp.json");
    SeedProcess toFile = SeedProcess.start(url, home, C_LOCALE, null, "export", "--tenant", TECHCORP, "--out",
        file.toString());
    assertThat(toFile.exitCode(Duration.ofMinutes(2))).as(toFile.toString()).isZero();
    Path stdout = home.resolve("stdout.json");
    SeedProcess toStdout = SeedProcess.start(url, home, C_LOCALE, stdout.toFile(), "export", "--tenant", TECHCORP);
    assertThat(toStdout.exitCode(Duration.ofMinutes(2))).as(toStdout.toString()).isZero();

    byte[] exported = Files.readAllBytes(file);
    assertThat(new String(exported, StandardCharsets.UTF_8)).contains(" " + TEXT + "\"");
    assertThat(Files.readAllBytes(stdout)).isEqualTo(exported);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void aFailedWriteToStdoutIsAnErrorOfOneLine() throws Exception {
    SeedProcess export = SeedProcess.start(url, home, Map.of(), new File("/dev/full"), "export", "--tenant", TECHCORP);

    assertThat(export.exitCode(Duration.ofMinutes(2))).as(export.toString()).isEqualTo(1);
    assertThat(export.err().strip()).startsWith("seed: writing the export to stdout failed: ")
        .contains("No space left on device").doesNotContain("\n");
  }
}
