package io.tenantseed.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tenantseed.graph.ExportDiff.Kind;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportComparisonTest {

  private static ScratchDatabase scratch;
  private static DataSource dataSource;

  @TempDir
  Path directory;

  @BeforeAll
  static void database() {
    scratch = TestDatabase.shared().createDatabase();
    dataSource = scratch.dataSource();
  }

  @AfterAll
  static void dropIt() {
    if (scratch != null) {
      scratch.close();
    }
  }

  @Test
  void aTenantMatchesItsOwnExport() throws Exception {
    UUID tenant = seed();
    Path file = exportOf(tenant);

    ExportDiff diff = ExportComparison.of(dataSource, tenant).compare(file);

    assertThat(diff.equal()).as(diff.format()).isTrue();
    assertThat(diff.format()).isEmpty();
    assertThat(diff.actualExport()).isEqualTo(Files.readString(file));
  }

  @Test
  void rowOrderNumberScalesTimeZonesAndJsonKeyOrderMakeNoDifference() throws Exception {
    UUID tenant = seed();
    ObjectNode document = tree(Files.readString(exportOf(tenant)));
    List<JsonNode> assets = new ArrayList<>();
    ((ArrayNode) document.path("tables").path("assets")).forEach(assets::add);
    java.util.Collections.reverse(assets);
    ((ArrayNode) document.path("tables").path("assets")).removeAll().addAll(assets);
    String text = CanonicalImport.READER.writeValueAsString(document);
    String reordered = text.replaceFirst("\"confidence_score\":0\\.800", "\"confidence_score\":0.8")
        .replaceFirst("\"created_at\":\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?)Z\"", "\"created_at\":\"$1+00:00\"");
    assertThat(reordered).isNotEqualTo(text).contains("\"confidence_score\":0.8,").contains("+00:00");

    ExportDiff diff = ExportComparison.of(dataSource, tenant).compare(write("reordered.json", reordered));

    assertThat(diff.equal()).as(diff.format()).isTrue();
  }

  @Test
  void valuesOfATableTheSchemaClassesDoNotKnowCompareAsTheExportPrintsThem() throws Exception {
    UUID tenant = seed();
    UUID id = UUID.randomUUID();
    execute("""
        create table migration.probe_values (id uuid primary key,
            client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
            at timestamptz, local_at timestamp, address inet, amounts numeric(6,2)[], ratio float8, day date)""");
    try {
      execute("insert into migration.probe_values values ('" + id + "', '" + tenant + "', '2025-01-20T12:00:00Z',"
          + " '2025-01-20 12:00:00', '10.0.0.1', '{1.5,2}', 0.1, '2025-01-20')");
      String file = """
          {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {"probe_values": [{"id": "%s",
            "at": "2025-01-20T14:00:00+02:00", "local_at": "2025-01-20T12:00:00.000", "address": "10.0.0.1/32",
            "amounts": ["1.5", 2], "ratio": 0.1, "day": "2025-01-20"}]}}
          """.formatted(tenant, id);

      ExportDiff diff = ExportComparison.of(dataSource, tenant).containing().compare(write("probe.json", file));

      assertThat(diff.equal()).as(diff.format()).isTrue();
      assertThat(ExportComparison.of(dataSource, tenant).containing()
          .compare(write("probe.json", file.replace("\"ratio\": 0.1", "\"ratio\": 0.2"))).format())
          .contains("ratio: expected \"0.2\", actual \"0.1\"");
    } finally {
      execute("drop table migration.probe_values");
    }
  }

  @Test
  void aChangedValueIsNamedByTableRowAndColumn() throws Exception {
    UUID tenant = seed();
    Path file = exportOf(tenant);
    UUID asset = firstAsset(tenant);
    execute("update migration.assets set asset_name = 'renamed' where id = '" + asset + "'");

    ExportDiff diff = ExportComparison.of(dataSource, tenant).compare(file);

    assertThat(diff.differences()).containsExactly(new ExportDiff.Difference(Kind.CHANGED_VALUE, "assets",
        "id " + asset, "asset_name", "\"server-01\"", "\"renamed\""));
    assertThat(diff.format()).isEqualTo("assets (id " + asset + "): asset_name: expected \"server-01\", actual \"renamed\"\n");
  }

  @Test
  void aRowTheDatabaseLostIsMissing() throws Exception {
    UUID tenant = seed();
    Path file = exportOf(tenant);
    execute("delete from migration.import_field_mappings where client_account_id = '" + tenant
        + "' and source_field = 'IP Address'");

    ExportDiff diff = ExportComparison.of(dataSource, tenant).compare(file);

    assertThat(diff.differences()).singleElement().satisfies(difference -> {
      assertThat(difference.kind()).isEqualTo(Kind.MISSING_ROW);
      assertThat(difference.table()).isEqualTo("import_field_mappings");
      assertThat(difference.toString()).startsWith("import_field_mappings (id ").contains("): missing row {");
      assertThat(difference.expected()).contains("\"source_field\":\"IP Address\"");
    });
    execute("delete from migration.import_field_mappings where client_account_id = '" + tenant + "'");
    assertThat(ExportComparison.of(dataSource, tenant).compare(file).format())
        .isEqualTo("import_field_mappings: 3 expected rows, none in the database\n");
  }

  @Test
  void aRowTheFileDoesNotListIsExtraUnlessContaining() throws Exception {
    UUID tenant = seed();
    ObjectNode document = tree(Files.readString(exportOf(tenant)));
    String removed = ((ArrayNode) document.path("tables").path("assets")).remove(0).path("id").textValue();
    Path file = write("fewer.json", CanonicalImport.READER.writeValueAsString(document));

    ExportDiff strict = ExportComparison.of(dataSource, tenant).compare(file);
    ExportDiff containing = ExportComparison.of(dataSource, tenant).containing().compare(file);

    assertThat(strict.differences()).singleElement().satisfies(difference -> {
      assertThat(difference.kind()).isEqualTo(Kind.EXTRA_ROW);
      assertThat(difference.toString()).startsWith("assets (id " + removed + "): extra row {");
    });
    assertThat(containing.equal()).as(containing.format()).isTrue();
    ((ObjectNode) document.get("tables")).remove("users");
    Path noUsers = write("no-users.json", CanonicalImport.READER.writeValueAsString(document));
    assertThat(ExportComparison.of(dataSource, tenant).compare(noUsers).differences()).extracting(Object::toString)
        .containsExactly("assets (id " + removed + "): extra row " + strict.differences().get(0).actual().substring(0, 117)
            + "...", "users: 2 rows in the database, the file lists none");
    assertThat(ExportComparison.of(dataSource, tenant).containing().compare(noUsers).equal()).isTrue();
  }

  @Test
  void aContainingFileChecksOnlyTheRowsAndColumnsItLists() throws Exception {
    UUID tenant = seed();
    UUID asset = firstAsset(tenant);
    String file = """
        {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {
          "assets": [{"id": "%s", "asset_name": "server-01"}, {"asset_name": "server-02", "asset_type": "server"}]}}
        """.formatted(tenant, asset);

    assertThat(ExportComparison.of(dataSource, tenant).containing().compare(write("some.json", file)).equal()).isTrue();
    execute("update migration.assets set asset_name = 'renamed' where client_account_id = '" + tenant
        + "' and asset_name in ('server-01', 'server-02')");
    ExportDiff diff = ExportComparison.of(dataSource, tenant).containing().compare(write("some.json", file));

    assertThat(diff.differences()).extracting(ExportDiff.Difference::kind)
        .containsExactly(Kind.CHANGED_VALUE, Kind.MISSING_ROW);
  }

  @Test
  void rowsMatchedByValuesPairAsManyAsCanBeWhateverTheFileOrder() throws Exception {
    UUID tenant = seed();
    JsonNode assets = tree(Files.readString(exportOf(tenant))).path("tables").path("assets");
    String type = assets.get(0).path("asset_type").asText();
    String name = assets.get(0).path("asset_name").asText();
    List<JsonNode> sameType = new ArrayList<>();
    assets.forEach(asset -> {
      if (asset.path("asset_type").asText().equals(type)) {
        sameType.add(asset);
      }
    });
    assertThat(sameType).hasSizeGreaterThan(1);
    // the first row could take the only row the second matches
    String file = """
        {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {
          "assets": [{"asset_type": "%s"}, {"asset_name": "%s", "asset_type": "%s"}]}}
        """.formatted(tenant, type, name, type);

    ExportDiff diff = ExportComparison.of(dataSource, tenant).containing().compare(write("some.json", file));

    assertThat(diff.equal()).as(diff.format()).isTrue();
  }

  @Test
  void ignoredColumnsAreLeftOut() throws Exception {
    UUID tenant = seed();
    Path file = exportOf(tenant);
    execute("update migration.assets set asset_name = 'renamed', updated_at = now() where client_account_id = '"
        + tenant + "'");
    execute("update migration.users set updated_at = now() where client_account_id = '" + tenant + "'");

    assertThat(ExportComparison.of(dataSource, tenant).ignoringColumns("assets.asset_name").compare(file)
        .differences()).extracting(ExportDiff.Difference::column).containsOnly("updated_at");
    assertThat(ExportComparison.of(dataSource, tenant).ignoringColumns("assets.asset_name", "*.updated_at")
        .compare(file).equal()).isTrue();
    assertThat(ExportComparison.of(dataSource, tenant).ignoringColumns("assets.*", "users.updated_at")
        .compare(file).equal()).isTrue();
    assertThatThrownBy(() -> ExportComparison.of(dataSource, tenant).ignoringColumns("*.no_such_column").compare(file))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'*.no_such_column' matches no column");
    assertThatThrownBy(() -> ExportComparison.of(dataSource, tenant).ignoringColumns("asset_name"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not table.column, *.column or table.*");
  }

  @Test
  void aKeyColumnIgnoredMatchesRowsByTheirOtherValues() throws Exception {
    UUID tenant = seed();
    Path file = exportOf(tenant);

    assertThat(ExportComparison.of(dataSource, tenant).ignoringColumns("assets.id").compare(file).equal()).isTrue();
    execute("update migration.assets set asset_name = 'renamed' where id = '" + firstAsset(tenant) + "'");
    assertThat(ExportComparison.of(dataSource, tenant).ignoringColumns("assets.id").compare(file).differences())
        .extracting(ExportDiff.Difference::kind).containsExactly(Kind.MISSING_ROW, Kind.EXTRA_ROW);
  }

  @Test
  void aCloneMatchesTheExportOfItsOriginal() throws Exception {
    UUID original = seed();
    Path file = exportOf(original);
    UUID clone = UUID.randomUUID();
    try (var in = Files.newInputStream(file)) {
      Seeder.forDataSource(dataSource).seed(CanonicalImport.read(in, dataSource, clone));
    }

    assertThat(ExportComparison.of(dataSource, clone).compare(file).equal()).isTrue();
    UUID asset = firstAsset(clone);
    execute("update migration.assets set asset_name = 'renamed' where id = '" + asset + "'");
    ExportDiff diff = ExportComparison.of(dataSource, clone).compare(file);
    assertThat(diff.format()).isEqualTo("assets (id " + asset + ", in the file " + firstAsset(original)
        + "): asset_name: expected \"server-01\", actual \"renamed\"\n");

    // The file rewritten keeps the original's ids, slug and emails: only the value changed.
    String before = Files.readString(file);
    assertThat(ExportComparison.of(dataSource, clone).update(file)).isTrue();
    assertThat(Files.readString(file)).isEqualTo(before.replace("\"server-01\"", "\"renamed\""));
    assertThat(ExportComparison.of(dataSource, clone).compare(file).equal()).isTrue();
    assertThat(ExportComparison.of(dataSource, clone).update(file)).isFalse();
  }

  @Test
  void updateRewritesTheFileSoThatItPassesAndStaysStable() throws Exception {
    UUID tenant = seed();
    Path file = exportOf(tenant);
    execute("update migration.assets set asset_name = 'renamed', updated_at = now() where id = '"
        + firstAsset(tenant) + "'");
    execute("delete from migration.import_field_mappings where client_account_id = '" + tenant + "'");
    ExportComparison comparison = ExportComparison.of(dataSource, tenant).ignoringColumns("*.updated_at");
    String before = Files.readString(file);

    assertThat(comparison.update(file)).isTrue();
    String after = Files.readString(file);
    assertThat(comparison.compare(file).equal()).isTrue();
    assertThat(comparison.update(file)).isFalse();
    assertThat(Files.readString(file)).isEqualTo(after);
    // the ignored column keeps the file's value
    assertThat(after).doesNotContain("\"import_field_mappings\" : [ {").contains("\"asset_name\" : \"renamed\"");
    assertThat(updatedAts(after)).containsOnly("\"updated_at\" : \"2025-01-20T12:00:00Z\"");
    assertThat(updatedAts(before)).containsOnly("\"updated_at\" : \"2025-01-20T12:00:00Z\"");

    Path created = directory.resolve("new/expected.json");
    assertThat(ExportComparison.of(dataSource, tenant).update(created)).isTrue();
    assertThat(Files.readString(created)).isEqualTo(CanonicalExport.toJson(DSL.using(dataSource, SQLDialect.POSTGRES), tenant));
  }

  @Test
  void updateOfAContainingFileRefreshesOnlyWhatItLists() throws Exception {
    UUID tenant = seed();
    UUID asset = firstAsset(tenant);
    Path file = write("some.json", """
        {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {
          "assets": [{"id": "%s", "asset_name": "server-01"}]}}
        """.formatted(tenant, asset));
    execute("update migration.assets set asset_name = 'renamed' where id = '" + asset + "'");
    ExportComparison comparison = ExportComparison.of(dataSource, tenant).containing();

    assertThat(comparison.update(file)).isTrue();

    assertThat(tree(Files.readString(file)).path("tables").toString())
        .isEqualTo("{\"assets\":[{\"asset_name\":\"renamed\",\"id\":\"" + asset + "\"}]}");
    assertThat(comparison.compare(file).equal()).isTrue();
  }

  @Test
  void updateOfAContainingFileKeepsARowItCouldNotMatchAndWarns() throws Exception {
    UUID tenant = seed();
    UUID asset = firstAsset(tenant);
    String engagement = tree(Files.readString(exportOf(tenant))).path("tables").path("engagements").get(0)
        .path("name").asText();
    Path file = write("some.json", """
        {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {
          "assets": [{"id": "%s", "asset_type": "server"}, {"asset_name": "server-01"}],
          "engagements": [{"name": "%s"}]}}
        """.formatted(tenant, asset, engagement));
    execute("update migration.assets set asset_name = 'renamed', asset_type = 'database' where id = '" + asset + "'");
    ExportComparison comparison = ExportComparison.of(dataSource, tenant).containing();
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThat(comparison.update(file)).isTrue();
    } finally {
      System.setErr(err);
    }

    assertThat(tree(Files.readString(file)).path("tables").toString())
        .isEqualTo("{\"assets\":[{\"asset_type\":\"database\",\"id\":\"" + asset + "\"},"
            + "{\"asset_name\":\"server-01\"}],\"engagements\":[{\"name\":\"" + engagement + "\"}]}");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .startsWith("tenant-seed: warning: " + file + " still differs after its update (1 difference")
        .contains("assets: missing row {\"asset_name\":\"server-01\"}");
    assertThat(comparison.compare(file).equal()).isFalse();

    // Updated again, the file's text would stay the same: not a change, though it still warns.
    String before = Files.readString(file);
    printed.reset();
    System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThat(comparison.update(file)).isFalse();
    } finally {
      System.setErr(err);
    }
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("tenant-seed: warning: " + file + " still differs");
  }

  @Test
  void aLongDiffShowsTwentyLinesAndHowManyMore() throws Exception {
    UUID tenant = seed();
    Path file = exportOf(tenant);
    execute("update migration.assets set asset_name = 'renamed', environment = 'moved' where client_account_id = '"
        + tenant + "'");

    ExportDiff diff = ExportComparison.of(dataSource, tenant).compare(file);

    assertThat(diff.differences()).hasSizeGreaterThan(ExportDiff.MAX_LINES);
    assertThat(diff.format().lines()).hasSize(ExportDiff.MAX_LINES + 1)
        .last().isEqualTo("... and " + (diff.differences().size() - 20) + " more differences");
  }

  @Test
  void aBadFileIsOneLineNamingIt() throws Exception {
    UUID tenant = seed();
    String export = Files.readString(exportOf(tenant));

    assertBad("not-json.json", "hello", "not a JSON document");
    assertBad("array.json", "[]", "not a tenant export");
    assertBad("other.json", "{\"format\": \"other/1\", \"tenant_id\": \"" + tenant + "\", \"tables\": {}}",
        "not a tenant export of format tenant-seed/1 (format: 'other/1')");
    assertBad("truncated.json", export.substring(0, export.length() / 2), "not a JSON document");
    assertBad("table.json", export.replace("\"users\" :", "\"people\" : [], \"users\" :"), "unknown table 'people'");
    assertBad("column.json", export.replace("\"slug\" :", "\"tagline\" : \"x\", \"slug\" :"),
        "client_accounts row 1: unknown column 'tagline'");
    assertBad("type.json", export.replaceFirst("\"cpu_cores\" : \\d+", "\"cpu_cores\" : \"four\""),
        "column cpu_cores: expected whole number");
    UUID id = UUID.randomUUID();
    assertBad("repeated.json", """
        {"format": "tenant-seed/1", "tenant_id": "%s", "tables": {"engagements": [
          {"id": "%s", "client_account_id": "%s", "name": "a"}, {"id": "%s", "client_account_id": "%s", "name": "b"}]}}
        """.formatted(tenant, id, tenant, id, tenant), "engagements row 2 repeats id " + id + " of an earlier row");
    Path missing = directory.resolve("missing.json");
    assertThatThrownBy(() -> ExportComparison.of(dataSource, tenant).compare(missing))
        .isInstanceOf(InvalidExportException.class).hasMessage(missing + ": no such file");
  }

  private void assertBad(String name, String content, String message) throws Exception {
    Path file = write(name, content);
    assertThatThrownBy(() -> ExportComparison.of(dataSource, UUID.randomUUID()).compare(file))
        .isInstanceOf(InvalidExportException.class)
        .hasMessageStartingWith(file + ": ").hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static List<String> updatedAts(String export) {
    return java.util.regex.Pattern.compile("\"updated_at\" : \"[^\"]*\"").matcher(export).results()
        .map(java.util.regex.MatchResult::group).toList();
  }

  private static UUID seed() {
    UUID tenant = UUID.randomUUID();
    Seeder.forDataSource(dataSource).seed(SampleTenants.full(tenant).build());
    return tenant;
  }

  private Path exportOf(UUID tenant) throws Exception {
    return write("export-" + tenant + ".json", CanonicalExport.toJson(DSL.using(dataSource, SQLDialect.POSTGRES), tenant));
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static UUID firstAsset(UUID tenant) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        var result = statement.executeQuery("select id from migration.assets where client_account_id = '" + tenant
            + "' and asset_name = 'server-01'")) {
      result.next();
      return result.getObject(1, UUID.class);
    }
  }

  private static ObjectNode tree(String json) throws Exception {
    return (ObjectNode) CanonicalImport.READER.readTree(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
