package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tenantseed.db.DatabaseUrl;
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

/** {@code seed diff}: exit 0 when the tenant matches the file, 2 with the differences, read-only. */
class DiffCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TECHCORP = TechCorp.TENANT_ID.toString();

  @TempDir
  Path home;

  private ScratchDatabase database;
  private DatabaseUrl url;
  private Cli seed;
  private Path file;

  @BeforeEach
  void techCorpAndItsExport() {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    seed = Cli.against(url, home);
    assertThat(seed.run("migrate").exitCode()).isZero();
    assertThat(seed.run("load", "techcorp").exitCode()).isZero();
    file = home.resolve("techcorp.json");
    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void aTenantThatMatchesItsFileExitsZero() throws Exception {
    Map<String, Long> before = Cli.snapshot(url);
    Cli.Run run = seed.run("diff", "--tenant", TECHCORP, file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("Tenant " + TECHCORP + " matches " + file + ".\n");
    assertThat(run.err()).isEmpty();
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void aDifferenceExitsTwoWithTheDiffOnStdout() throws Exception {
    execute("update migration.assets set asset_name = 'renamed' where client_account_id = '" + TECHCORP + "'");
    Map<String, Long> before = Cli.snapshot(url);

    Cli.Run run = seed.run("diff", "--tenant", TECHCORP, file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines()).hasSize(22)
        .first().isEqualTo("Tenant " + TECHCORP + " differs from " + file + " (50 differences):");
    assertThat(run.out().lines().skip(1).limit(20))
        .allMatch(line -> line.matches("assets \\(id [0-9a-f-]{36}\\): asset_name: expected \"[^\"]+\", actual \"renamed\""));
    assertThat(run.out().lines().toList().get(21)).isEqualTo("... and 30 more differences");
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void ignoredColumnsAndContainingLeaveOutWhatTheyName() throws Exception {
    execute("update migration.assets set asset_name = 'renamed', updated_at = now() where client_account_id = '"
        + TECHCORP + "'");

    assertThat(seed.run("diff", "--tenant", TECHCORP, "--ignore-columns", "assets.asset_name", file.toString())
        .exitCode()).isEqualTo(2);
    Cli.Run ignored = seed.run("diff", "--tenant", TECHCORP, "--ignore-columns", "assets.asset_name,*.updated_at",
        file.toString());
    assertThat(ignored.exitCode()).as(ignored.toString()).isZero();
    assertThat(seed.run("diff", "--tenant", TECHCORP, "--ignore-columns", "assets.asset_name", "--ignore-columns",
        "assets.updated_at", file.toString()).exitCode()).isZero();

    Path some = Files.writeString(home.resolve("some.json"), """
        {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {
          "engagements": [{"name": "Cloud Migration 2025"}]}}
        """.formatted(TECHCORP));
    assertThat(seed.run("diff", "--tenant", TECHCORP, some.toString()).exitCode()).isEqualTo(2);
    Cli.Run containing = seed.run("diff", "--tenant", TECHCORP, "--containing", some.toString());
    assertThat(containing.exitCode()).as(containing.toString()).isZero();
  }

  @Test
  void aContainingFileWithoutIdsMatchesAClone() throws Exception {
    String clone = "00000000-0000-0000-0000-00000000c10e";
    assertThat(seed.run("clone", "--tenant", TECHCORP, "--to", clone).exitCode()).isZero();
    Path some = Files.writeString(home.resolve("some.json"), """
        {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {
          "engagements": [{"name": "Cloud Migration 2025"}]}}
        """.formatted(TECHCORP));

    Cli.Run run = seed.run("diff", "--tenant", clone, "--containing", some.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).isEqualTo("Tenant " + clone + " matches " + some + ".\n");
  }

  @Test
  void jsonSaysWhetherEqualAndListsEveryDifference() throws Exception {
    JsonNode equal = JSON.readTree(seed.run("--json", "diff", "--tenant", TECHCORP, file.toString()).out());
    assertThat(equal.path("equal").asBoolean()).isTrue();
    assertThat(equal.path("differences")).isEmpty();

    execute("update migration.engagements set name = 'Renamed' where client_account_id = '" + TECHCORP + "'");
    Cli.Run run = seed.run("--json", "diff", "--tenant", TECHCORP, file.toString());
    JsonNode differs = JSON.readTree(run.out());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(differs.path("equal").asBoolean()).isFalse();
    assertThat(differs.path("differenceCount").asInt()).isEqualTo(1);
    JsonNode difference = differs.path("differences").get(0);
    assertThat(difference.path("kind").asText()).isEqualTo("changed_value");
    assertThat(difference.path("table").asText()).isEqualTo("engagements");
    assertThat(difference.path("column").asText()).isEqualTo("name");
    assertThat(difference.path("expected").isTextual()).isTrue();
    assertThat(difference.path("expected").asText()).isEqualTo("Cloud Migration 2025");
    assertThat(difference.path("actual").asText()).isEqualTo("Renamed");

    // A number keeps the digits the export prints: 4.50 of a numeric(10,2), not 4.5.
    execute("update migration.assets set memory_gb = 4.50 where id = (select id from migration.assets"
        + " where client_account_id = '" + TECHCORP + "' and memory_gb <> 4.50 order by id limit 1)");
    String numbers = seed.run("--json", "diff", "--tenant", TECHCORP, file.toString()).out();
    assertThat(numbers).containsPattern("\"actual\"\\s*:\\s*4\\.50\\b");
  }

  @Test
  void badInputIsOneLineOnStderrAndExitsTwo() throws Exception {
    String unknown = UUID.randomUUID().toString();
    Path broken = Files.writeString(home.resolve("broken.json"), Files.readString(file).substring(0, 300));

    assertBadInput(seed.run("diff", "--tenant", unknown, file.toString()),
        "seed: tenant " + unknown + " does not exist at ");
    assertBadInput(seed.run("diff", "--tenant", TECHCORP, broken.toString()), "seed: " + broken + ": not a JSON document");
    assertBadInput(seed.run("diff", "--tenant", TECHCORP, home.resolve("none.json").toString()),
        "seed: " + home.resolve("none.json") + ": no such file");
    assertBadInput(seed.run("diff", "--tenant", TECHCORP, "--ignore-columns", "assets.nope", file.toString()),
        "seed: --ignore-columns: ignored column 'assets.nope' matches no column");
    assertBadInput(seed.run("diff", "--tenant", TECHCORP, "--ignore-columns", "nope", file.toString()),
        "seed: --ignore-columns: ignored column 'nope' is not table.column, *.column or table.*");
  }

  @Test
  void helpSaysThatADifferenceAndBadInputBothExitTwo() {
    Cli.Run help = seed.run("diff", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("--ignore-columns=PATTERN", "--containing", "Read-only")
        .containsPattern("2 +the tenant differs from FILE")
        .contains("or bad usage or input");
  }

  private static void assertBadInput(Cli.Run run, String message) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith(message);
    assertThat(run.err().strip()).doesNotContain("\n");
  }

  private void execute(String sql) throws Exception {
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
