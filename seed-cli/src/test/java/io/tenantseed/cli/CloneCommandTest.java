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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seed load --file F --tenant-id B} and {@code seed clone --tenant A --to B}: a clone beside its original. */
class CloneCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TECHCORP = TechCorp.TENANT_ID.toString();
  private static final String CLONE = "7e570000-0000-4000-8000-000000000001";
  private static final String OTHER = "7e570000-0000-4000-8000-000000000002";

  @TempDir
  Path home;

  private ScratchDatabase database;
  private DatabaseUrl url;
  private Cli seed;
  private Path file;
  private String original;

  @BeforeEach
  void techCorpExported() throws Exception {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    seed = Cli.against(url, home);
    assertThat(seed.run("init-dev-db").exitCode()).isZero();
    file = home.resolve("techcorp.json");
    assertThat(seed.run("export", "--tenant", TECHCORP, "--out", file.toString()).exitCode()).isZero();
    original = Files.readString(file);
  }

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  @Test
  void loadFileUnderATenantIdLoadsTheExportAsACloneBesideTheOriginal() throws Exception {
    Cli.Run load = seed.run("load", "--file", file.toString(), "--tenant-id", CLONE);

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(load.out()).startsWith("Seeded TechCorp Solutions: 1 client account, 2 users");
    String clone = export(CLONE);
    assertThat(clone).contains("\"tenant_id\" : \"" + CLONE + "\"").doesNotContain("\"" + TECHCORP + "\"");
    assertThat(export(TECHCORP)).isEqualTo(original);
    assertThat(sql("select slug from migration.client_accounts where id = '" + CLONE + "'")).endsWith("-" + CLONE);
    assertThat(sql("select count(*) from migration.users where client_account_id = '" + CLONE
        + "' and email like '%+" + CLONE + "@%'")).isEqualTo("2");
    assertThat(sql("select fixture_name from seed_meta.tenants where tenant_id = '" + CLONE + "'"))
        .isEqualTo("export");
    assertThat(seed.run("status").out()).contains(CLONE + "  TechCorp Solutions");
  }

  @Test
  void loadFileUnderATenantIdKeepsTheModesAndGivesTheSameRowsEveryTime() throws Exception {
    assertThat(seed.run("load", "--file", file.toString(), "--tenant-id", CLONE).exitCode()).isZero();
    String first = export(CLONE);

    Cli.Run again = seed.run("load", "--file", file.toString(), "--tenant-id", CLONE);
    Cli.Run ifAbsent = seed.run("load", "--file", file.toString(), "--tenant-id", CLONE, "--if-absent");
    Cli.Run replace = seed.run("--json", "load", "--file", file.toString(), "--tenant-id", CLONE, "--replace");

    assertThat(again.exitCode()).as(again.toString()).isEqualTo(6);
    assertThat(again.err()).contains("tenant " + CLONE + " exists already", "load it with --replace");
    assertThat(ifAbsent.exitCode()).as(ifAbsent.toString()).isZero();
    assertThat(replace.exitCode()).as(replace.toString()).isZero();
    JsonNode loaded = JSON.readTree(replace.out()).at("/tenants/0");
    assertThat(loaded.get("tenantId").asText()).isEqualTo(CLONE);
    assertThat(loaded.get("fixture").asText()).isEqualTo("export");
    assertThat(loaded.get("outcome").asText()).isEqualTo("replaced");
    assertThat(export(CLONE)).isEqualTo(first);
  }

  @Test
  void loadFileDashUnderATenantIdReadsTheExportFromStdin() throws Exception {
    Cli.Run load = seed.withStdin(original, "load", "--file", "-", "--tenant-id", CLONE);

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(load.out()).startsWith("Seeded TechCorp Solutions");
    assertThat(sql("select count(*) from migration.assets where client_account_id = '" + CLONE + "'")).isEqualTo("50");
  }

  @Test
  void loadFileUnderTheExportsOwnTenantIdLoadsItAsItIs() throws Exception {
    assertThat(seed.run("purge", "--tenant", TECHCORP, "--yes").exitCode()).isZero();

    Cli.Run load = seed.run("load", "--file", file.toString(), "--tenant-id", TECHCORP);

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(export(TECHCORP)).isEqualTo(original);
  }

  @Test
  void cloneCopiesATenantAsLoadFileUnderTheNewIdWouldAndLeavesNoTemporaryFile() throws Exception {
    List<Path> before = temporaryExports();
    Cli.Run clone = seed.run("clone", "--tenant", TECHCORP, "--to", CLONE);

    assertThat(clone.exitCode()).as(clone.toString()).isZero();
    assertThat(clone.out()).startsWith("Cloned tenant " + TECHCORP + " as " + CLONE + ".\nSeeded TechCorp Solutions:");
    assertThat(temporaryExports()).isEqualTo(before);
    String cloned = export(CLONE);
    assertThat(export(TECHCORP)).isEqualTo(original);
    assertThat(seed.run("purge", "--tenant", CLONE, "--yes").exitCode()).isZero();
    assertThat(seed.run("load", "--file", file.toString(), "--tenant-id", CLONE).exitCode()).isZero();
    assertThat(export(CLONE)).isEqualTo(cloned);
    assertThat(sql("select fixture_name from seed_meta.tenants where tenant_id = '" + CLONE + "'"))
        .isEqualTo("export");
  }

  @Test
  void cloneOfACloneAndCloneOntoAnExistingTenantFollowTheModesOfLoad() throws Exception {
    assertThat(seed.run("clone", "--tenant", TECHCORP, "--to", CLONE).exitCode()).isZero();

    Cli.Run twice = seed.run("clone", "--tenant", CLONE, "--to", OTHER);
    Cli.Run exists = seed.run("clone", "--tenant", TECHCORP, "--to", OTHER);
    Cli.Run ifAbsent = seed.run("clone", "--tenant", CLONE, "--to", OTHER, "--if-absent");
    Cli.Run replace = seed.run("--json", "clone", "--tenant", TECHCORP, "--to", OTHER, "--replace");

    assertThat(twice.exitCode()).as(twice.toString()).isZero();
    assertThat(exists.exitCode()).as(exists.toString()).isEqualTo(6);
    assertThat(exists.err()).contains("tenant " + OTHER + " exists already", "clone it with --replace");
    assertThat(ifAbsent.exitCode()).as(ifAbsent.toString()).isZero();
    assertThat(replace.exitCode()).as(replace.toString()).isZero();
    JsonNode document = JSON.readTree(replace.out());
    assertThat(document.get("from").asText()).isEqualTo(TECHCORP);
    assertThat(document.at("/tenants/0/tenantId").asText()).isEqualTo(OTHER);
    assertThat(document.at("/tenants/0/outcome").asText()).isEqualTo("replaced");
    assertThat(sql("select slug from migration.client_accounts where id = '" + OTHER + "'"))
        .isEqualTo(sql("select slug from migration.client_accounts where id = '" + CLONE + "'").replace(CLONE, OTHER));
  }

  @Test
  void cloneAndLoadFileUnderATenantIdAreRefusedInProductionAndChangeNothing() throws Exception {
    assertThat(seed.run("env", "set", "production", "--force").exitCode()).isZero();
    Map<String, Long> before = Cli.snapshot(url);

    List<Path> temporary = temporaryFiles();
    String missing = "7e570000-0000-4000-8000-0000000000ff";

    Cli.Run clone = seed.run("clone", "--tenant", TECHCORP, "--to", CLONE);
    Cli.Run absent = seed.run("clone", "--tenant", missing, "--to", CLONE);
    Cli.Run load = seed.run("load", "--file", file.toString(), "--tenant-id", CLONE);
    Cli.Run stdin = seed.withStdin(original, "load", "--file", "-", "--tenant-id", CLONE);
    Cli.Run plain = seed.withStdin(original, "load", "--file", "-");

    assertThat(clone.exitCode()).as(clone.toString()).isEqualTo(3);
    assertThat(clone.err()).contains("refusing to clone tenant " + TECHCORP + " as " + CLONE, "says production");
    assertThat(clone.err().lines()).hasSize(1);
    assertThat(absent.exitCode()).as("production is refused before the tenant is looked for").isEqualTo(3);
    assertThat(load.exitCode()).as(load.toString()).isEqualTo(3);
    assertThat(load.err()).contains("refusing to load --file " + file + " as tenant " + CLONE, "says production");
    assertThat(stdin.exitCode()).as(stdin.toString()).isEqualTo(3);
    assertThat(plain.exitCode()).as(plain.toString()).isEqualTo(3);
    assertThat(temporaryFiles()).as("no temporary file was even created").isEqualTo(temporary);
    assertThat(Cli.snapshot(url)).isEqualTo(before);
  }

  @Test
  void cloneAndLoadFileOntoAnExistingTenantAreRefusedBeforeTheExportIsWrittenOrRead() throws Exception {
    assertThat(seed.run("load", "--file", file.toString(), "--tenant-id", CLONE).exitCode()).isZero();
    List<Path> temporary = temporaryFiles();

    Cli.Run clone = seed.run("clone", "--tenant", TECHCORP, "--to", CLONE);
    // Not a tenant export at all: refused for the tenant that exists, before the file is read.
    Cli.Run load = seed.withStdin("not json", "load", "--file", "-", "--tenant-id", CLONE);

    assertThat(clone.exitCode()).as(clone.toString()).isEqualTo(6);
    assertThat(clone.err()).contains("tenant " + CLONE + " exists already", "clone it with --replace to overwrite it");
    assertThat(clone.err().lines()).hasSize(1);
    assertThat(load.exitCode()).as(load.toString()).isEqualTo(6);
    assertThat(load.err()).contains("tenant " + CLONE + " exists already", "load it with --replace");
    assertThat(temporaryFiles()).isEqualTo(temporary);
  }

  @Test
  void loadFileDashLeavesNoSpooledFileBehindWhetherItLoadsOrFails() throws Exception {
    List<Path> before = temporaryFiles();

    Cli.Run load = seed.withStdin(original, "load", "--file", "-", "--tenant-id", CLONE);
    Cli.Run bad = seed.withStdin("{\"format\": 1", "load", "--file", "-", "--tenant-id", OTHER);

    assertThat(load.exitCode()).as(load.toString()).isZero();
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(temporaryFiles()).isEqualTo(before);
  }

  private String export(String tenant) {
    Cli.Run run = seed.run("export", "--tenant", tenant);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run.out();
  }

  private static List<Path> temporaryExports() throws Exception {
    return temporaryFiles().stream().filter(path -> path.getFileName().toString().startsWith("seed-clone-")).toList();
  }

  /** The files seed clone and seed load --file - spool a tenant to. */
  private static List<Path> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(path -> path.getFileName().toString().matches("seed-(clone|load)-.*\\.json")).sorted().toList();
    }
  }

  private String sql(String statement) throws Exception {
    try (Connection connection = url.dataSource().getConnection(); Statement st = connection.createStatement();
        ResultSet result = st.executeQuery(statement)) {
      return result.next() ? result.getString(1) : null;
    }
  }
}
