package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A connection option of the URL that the server itself refuses as the session starts
 * ({@code options=-c ...}) is bad input of the URL for every command: exit code 2, one line
 * naming the setting, nothing changed.
 */
class ServerRefusedOptionTest {

  @TempDir
  static Path home;

  private static ScratchDatabase database;

  @BeforeAll
  static void migratedDatabase() {
    database = TestDatabase.shared().createDatabase();
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @ParameterizedTest(name = "{0} with options={1}")
  @CsvSource(delimiter = '|', value = {
      "status | -c statement_timeout=abc | invalid value for parameter \"statement_timeout\"",
      "load techcorp | -c statement_timeout=abc | invalid value for parameter \"statement_timeout\"",
      "export --tenant 11111111-1111-1111-1111-111111111111 | -c statement_timeout=abc | invalid value for parameter",
      "migrate | -c no_such_setting=1 | unrecognized configuration parameter \"no_such_setting\"",
      "init-dev-db | -c no_such_setting=1 | unrecognized configuration parameter \"no_such_setting\"",
      "purge --tenant 11111111-1111-1111-1111-111111111111 --yes | -c work_mem=lots | invalid value for parameter"})
  void aSettingTheServerRefusesIsBadInputOfTheUrl(String command, String options, String named) throws Exception {
    Map<String, Long> before = Cli.snapshot(database.url());
    Cli seed = Cli.against(withOptions(database.url(), options), home);

    Cli.Run run = seed.run(command.split(" "));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).startsWith("seed: the server refused a connection option of the database URL").contains(named);
    assertThat(Cli.snapshot(database.url())).isEqualTo(before);
  }

  private static DatabaseUrl withOptions(DatabaseUrl url, String options) {
    String base = url.unmasked();
    String encoded = java.net.URLEncoder.encode(options, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    return DatabaseUrl.parse(base + (base.contains("?") ? "&" : "?") + "options=" + encoded);
  }
}
