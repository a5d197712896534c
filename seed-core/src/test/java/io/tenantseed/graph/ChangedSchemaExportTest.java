package io.tenantseed.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tenantseed.ErrorCode;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A schema changed after day one by plain DDL, as an additive migration changes it: a nullable
 * column, a column with a DEFAULT, a NOT NULL column without one, and a new tenant table. Its
 * export holds all of them, reads back against its catalog, and loads back byte-identical; a
 * database without them refuses it by name.
 */
class ChangedSchemaExportTest {

  private static final UUID TENANT = UUID.fromString("5a3b1e00-0000-4000-8000-00000000c4a9");
  private static final String DDL = """
      alter table migration.assets add column if not exists ai_summary_text text;
      alter table migration.assets add column if not exists data_source text not null default 'discovery';
      alter table migration.engagements add column if not exists review_level int not null default 3;
      alter table migration.engagements alter column review_level drop default;
      create table if not exists migration.assessments (
          id uuid primary key,
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          engagement_id uuid not null references migration.engagements (id) on delete cascade,
          asset_id uuid not null references migration.assets (id) on delete cascade,
          readiness_score numeric(4,3), notes text, tags text[], answers jsonb,
          created_at timestamptz not null default now());
      create index if not exists assessments_client_account_id_idx on migration.assessments (client_account_id);
      create table if not exists migration.review_notes (
          client_account_id uuid not null references migration.client_accounts (id) on delete cascade,
          note text not null, weight int);
      """;

  private static ScratchDatabase scratch;
  private static String export;

  @BeforeAll
  static void seedAChangedSchema() throws SQLException {
    scratch = TestDatabase.shared().createDatabase();
    // The DDL after the seed: the export and import are under test here, not the writer's defaults.
    Seeder.forDataSource(scratch.dataSource()).seed(SampleTenants.full(TENANT).build());
    execute(scratch.dataSource(), DDL);
    execute(scratch.dataSource(), """
        update migration.assets set ai_summary_text = 'summary of ' || asset_name
         where client_account_id = '%1$s' and asset_name like '%%1';
        insert into migration.assessments (id, client_account_id, engagement_id, asset_id, readiness_score, notes,
                                           tags, answers, created_at)
        select md5(a.id::text)::uuid, a.client_account_id, a.engagement_id, a.id, 0.5, 'ready: ' || a.asset_name,
               array['cloud', null], '{"b": 1.50, "a": [true, null]}', '2026-03-01 10:00:00.123456+02'
          from migration.assets a where a.client_account_id = '%1$s';
        insert into migration.review_notes values ('%1$s', 'zebra', 1), ('%1$s', 'apple', null), ('%1$s', 'Mango', 3);
        """.formatted(TENANT));
    export = CanonicalExport.toJson(DSL.using(scratch.dataSource(), SQLDialect.POSTGRES), TENANT);
  }

  @AfterAll
  static void dropIt() {
    if (scratch != null) {
      scratch.close();
    }
  }

  @Test
  void theExportHoldsEveryTenantTableAndColumnTheCatalogHas() throws Exception {
    JsonNode tables = CanonicalImport.READER.readTree(export).path("tables");
    List<String> names = new ArrayList<>();
    tables.fieldNames().forEachRemaining(names::add);
    SchemaCatalog catalog;
    try (Connection connection = scratch.dataSource().getConnection()) {
      catalog = SchemaCatalog.of(connection, "migration");
    }

    assertThat(names).startsWith(catalog.root).contains("assessments")
        .containsExactlyInAnyOrderElementsOf(catalog.deleteOrder);
    assertThat(names.subList(1, names.size())).isSorted();
    JsonNode assessment = tables.path("assessments").get(0);
    assertThat(tables.path("assessments")).hasSize(tables.path("assets").size()).isNotEmpty();
    assertThat(assessment.path("readiness_score").toString()).isEqualTo("0.500");
    assertThat(assessment.path("tags").toString()).isEqualTo("[\"cloud\",null]");
    assertThat(assessment.path("answers").toString()).isEqualTo("{\"a\":[true,null],\"b\":1.50}");
    assertThat(assessment.path("created_at").asText()).isEqualTo("2026-03-01T08:00:00.123456Z");
    JsonNode asset = tables.path("assets").get(0);
    assertThat(asset.path("data_source").asText()).isEqualTo("discovery");
    assertThat(asset.has("ai_summary_text")).isTrue();
    assertThat(tables.path("engagements").get(0).path("review_level").asInt()).isEqualTo(3);
    List<String> notes = new ArrayList<>();
    tables.path("review_notes").forEach(row -> notes.add(row.path("note").asText()));
    // A table without a primary key: rows by their canonical text, {"client_account_id":...,"note":...}
    assertThat(notes).containsExactly("Mango", "apple", "zebra");
    List<String> ids = new ArrayList<>();
    tables.path("assessments").forEach(row -> ids.add(row.path("id").asText()));
    assertThat(ids).isSorted();
  }

  @Test
  void exportPurgeLoadIsByteIdenticalWithTheNewTableAndColumns() throws Exception {
    DataSource dataSource = scratch.dataSource();
    TenantGraph graph;
    try (Connection connection = dataSource.getConnection()) {
      graph = CanonicalImport.read(stream(export), SchemaCatalog.of(connection, "migration"));
    }
    Purger.forDataSource(dataSource).purge(Set.of(TENANT), PurgeOptions.DEFAULT);
    assertThat(count("select count(*) from migration.assessments")).isZero();

    Seeder.forDataSource(dataSource).seed(graph);

    assertThat(CanonicalExport.toJson(DSL.using(dataSource, SQLDialect.POSTGRES), TENANT)).isEqualTo(export);
    assertThat(CanonicalExport.toJson(graph)).isEqualTo(export);
  }

  @Test
  void aDatabaseWithoutTheNewTableOrColumnRefusesTheExportByName() throws Exception {
    SchemaCatalog dayOne;
    try (Connection connection = TestDatabase.shared().dataSource().getConnection()) {
      dayOne = SchemaCatalog.of(connection, "migration");
    }
    String tables = String.join(", ", CanonicalExport.tableOrder(dayOne.root, dayOne.tenantTables));

    assertRefused(export, dayOne, "unknown table 'assessments' in the export (tables: " + tables + ")");
    String withoutTable = export.replaceFirst("(?s)\"assessments\" : \\[.*?\n    \\],\n", "")
        .replaceFirst("(?s)\"review_notes\" : \\[.*?\n    \\],\n", "");
    assertThat(withoutTable).doesNotContain("\"assessments\"", "\"review_notes\"");
    assertRefused(withoutTable, dayOne, "assets row 1 (id ");
    assertRefused(withoutTable, dayOne, "): unknown column 'ai_summary_text' (the database's assets has no such column)");
  }

  @Test
  void aReferenceOfTheNewTableToARowNotInTheExportIsRefused() throws Exception {
    String stranger = UUID.randomUUID().toString();
    String edited = export.replaceFirst("\"asset_id\" : \"[0-9a-f-]{36}\"", "\"asset_id\" : \"" + stranger + "\"");
    SchemaCatalog catalog;
    try (Connection connection = scratch.dataSource().getConnection()) {
      catalog = SchemaCatalog.of(connection, "migration");
    }

    assertRefused(edited, catalog, "assessments row 1 (id ");
    assertRefused(edited, catalog, "): asset_id " + stranger + " references a assets row that is not in the export");
  }

  private static void assertRefused(String json, SchemaCatalog catalog, String message) {
    assertThatThrownBy(() -> CanonicalImport.read(stream(json), catalog))
        .isInstanceOf(InvalidExportException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidExportException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
  }

  private static ByteArrayInputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  private static long count(String sql) throws SQLException {
    try (Connection connection = scratch.dataSource().getConnection(); Statement statement = connection.createStatement();
        var result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
