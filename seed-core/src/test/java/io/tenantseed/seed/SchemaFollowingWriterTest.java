package io.tenantseed.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import io.tenantseed.SeedException;
import io.tenantseed.graph.Ids;
import io.tenantseed.graph.InvalidTenantGraphException;
import io.tenantseed.graph.Ref;
import io.tenantseed.graph.Row;
import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.NotMigratedException;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The writer follows the live schema, not the one tenant-seed was built from: on a scratch
 * database migrated and then changed as a later migration would (columns added to
 * {@code assets}, new tenant tables), a column no row sets takes its DEFAULT, a NOT NULL
 * column without one gets a value drawn from its type and CHECKs (the same on every seed of
 * the same graph under the same id), and what cannot be drawn or does not exist fails before
 * anything is written, in one line naming the entity, the table and the column. Both the
 * INSERT and the COPY paths.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaFollowingWriterTest {

  private static final String LATER_MIGRATION = """
      CREATE TYPE migration.readiness AS ENUM ('unknown', 'ready', 'blocked');
      ALTER TABLE migration.assets
          ADD COLUMN data_source text NOT NULL DEFAULT 'discovery',
          ADD COLUMN ai_summary_text text,
          ADD COLUMN wave integer NOT NULL CHECK (wave BETWEEN 3 AND 12),
          ADD COLUMN tier varchar(2) NOT NULL CHECK (tier IN ('t1', 't2', 't3')),
          ADD COLUMN code varchar(4) NOT NULL,
          ADD COLUMN label char(12) NOT NULL,
          ADD COLUMN readiness migration.readiness NOT NULL CHECK (readiness <> 'unknown'),
          ADD COLUMN score numeric(4,3) NOT NULL CHECK (score >= 0.5 AND score < 1),
          ADD COLUMN retries smallint NOT NULL CHECK (retries IS NULL OR retries > 7),
          ADD COLUMN budget bigint NOT NULL CHECK (budget <= -40),
          ADD COLUMN tags text[] NOT NULL,
          ADD COLUMN history jsonb NOT NULL CHECK (jsonb_typeof(history) = 'array'),
          ADD COLUMN meta jsonb NOT NULL,
          ADD COLUMN reviewed boolean NOT NULL,
          ADD COLUMN reviewed_on date NOT NULL,
          ADD COLUMN reviewed_at timestamptz NOT NULL,
          ADD COLUMN external_id uuid NOT NULL UNIQUE,
          ADD COLUMN doubled integer GENERATED ALWAYS AS (cpu_cores * 2) STORED,
          ADD COLUMN grid integer[];
      CREATE TABLE migration.assessments (
          id uuid PRIMARY KEY,
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
          engagement_id uuid NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
          asset_id uuid NOT NULL REFERENCES migration.assets (id) ON DELETE CASCADE,
          readiness_score numeric(4,3),
          notes text NOT NULL DEFAULT 'none',
          created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE migration.assessment_notes (
          id uuid PRIMARY KEY,
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
          engagement_id uuid NOT NULL REFERENCES migration.engagements (id) ON DELETE CASCADE,
          assessment_id uuid NOT NULL REFERENCES migration.assessments (id) ON DELETE CASCADE,
          body text NOT NULL);
      CREATE TABLE migration.site_visits (
          id uuid PRIMARY KEY,
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
          location point NOT NULL);
      CREATE TABLE migration.badges (
          id uuid PRIMARY KEY,
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
          code text NOT NULL CHECK (code ~ '^[A-Z]+$'));
      CREATE TABLE migration.tickets (
          id uuid PRIMARY KEY,
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
          code text NOT NULL UNIQUE,
          reference varchar(36) NOT NULL UNIQUE,
          handle varchar(60) NOT NULL UNIQUE);
      CREATE TABLE migration.counters (
          id uuid PRIMARY KEY,
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
          number integer NOT NULL UNIQUE);
      CREATE TABLE migration.visits (
          id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE);
      CREATE TABLE migration.visit_notes (
          id uuid PRIMARY KEY,
          client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE CASCADE,
          visit_id uuid NOT NULL REFERENCES migration.visits (id) ON DELETE CASCADE);
      """;

  private ScratchDatabase scratch;
  private DSLContext db;
  private Seeder seeder;

  @BeforeAll
  void migrateAndChangeTheSchema() {
    scratch = TestDatabase.shared().createMigratedDatabase();
    db = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
    db.execute(LATER_MIGRATION);
    seeder = Seeder.forDataSource(scratch.dataSource());
  }

  @AfterAll
  void dropTheScratchDatabase() {
    scratch.close();
  }

  @Test
  void aColumnNoRowSetsTakesItsDefaultThroughInsertsAndCopy() {
    for (Seeder paths : List.of(seeder, seeder.copyThreshold(1))) {
      TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();

      paths.seed(graph);

      assertThat(db.fetch("select distinct data_source, ai_summary_text from migration.assets"
          + " where client_account_id = ?", graph.tenantId()).intoArrays())
          .isDeepEqualTo(new Object[][] {{"discovery", null}});
    }
  }

  @Test
  void requiredColumnsGetValuesTheirTypeAndChecksAllow() {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();

    seeder.copyThreshold(1).seed(graph);

    Result<Record> assets = drawn(graph.tenantId());
    assertThat(assets).hasSize(50);
    for (Record asset : assets) {
      assertThat(asset.get("wave", Integer.class)).isBetween(3, 12);
      assertThat(asset.get("tier", String.class)).isIn("t1", "t2", "t3");
      assertThat(asset.get("code", String.class)).hasSizeLessThanOrEqualTo(4).isNotBlank();
      assertThat(asset.get("label", String.class)).hasSize(12);
      assertThat(asset.get("readiness", String.class)).isIn("ready", "blocked");
      assertThat(asset.get("score", BigDecimal.class)).isBetween(new BigDecimal("0.5"), new BigDecimal("0.999"));
      assertThat(asset.get("retries", Integer.class)).isGreaterThan(7);
      assertThat(asset.get("budget", Long.class)).isLessThanOrEqualTo(-40L);
      assertThat(asset.get("tags", String.class)).isEqualTo("{}");
      assertThat(asset.get("history", String.class)).isEqualTo("[]");
      assertThat(asset.get("meta", String.class)).isEqualTo("{}");
      assertThat(asset.get("reviewed_on", String.class)).isEqualTo(graph.clock().today().toString());
      assertThat(asset.get("reviewed_at", String.class)).isEqualTo(graph.clock().now().toString());
    }
    assertThat(assets.stream().map(asset -> asset.get("external_id")).distinct()).as("unique uuids").hasSize(50);
    assertThat(assets.stream().map(asset -> asset.get("code")).distinct()).as("codes differ by asset").hasSizeGreaterThan(40);
  }

  @Test
  void drawnValuesAreTheSameOnEverySeedOfTheSameGraphUnderTheSameIdWhicheverPath() {
    UUID id = UUID.randomUUID();
    seeder.seed(SampleTenants.full(id).build()); // one round trip of INSERTs
    List<List<Object>> first = rows(drawn(id));

    seeder.copyThreshold(1).seed(SampleTenants.full(id).build(), SeedMode.REPLACE); // COPY
    List<List<Object>> again = rows(drawn(id));

    assertThat(again).isEqualTo(first);
    UUID other = UUID.randomUUID();
    seeder.seed(SampleTenants.full(other).build());
    assertThat(rows(drawn(other))).as("another tenant's unique values do not collide").isNotEqualTo(first);
  }

  @Test
  void aGenericTableIsWrittenInRunsOfOneShapeItsDefaultsApplyingAndTheRegistryCountsEveryTable() {
    for (Seeder paths : List.of(seeder, seeder.copyThreshold(1))) {
      TenantGraph sample = SampleTenants.full(UUID.randomUUID()).build();
      UUID tenant = sample.tenantId();
      List<Row> assessments = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", UUID.nameUUIDFromBytes((tenant + "/" + i).getBytes()));
        values.put("client_account_id", tenant);
        values.put("engagement_id", sample.engagementId("e"));
        values.put("asset_id", sample.asset(i).get("id"));
        if (i >= 2) {
          values.put("notes", "checked " + i);
        }
        assessments.add(Row.of("assessments", "assessment/" + i, values));
      }
      TenantGraph graph = with(sample, "assessments", assessments);

      SeedReport report = paths.seed(graph);

      assertThat(db.fetch("select notes from migration.assessments where client_account_id = ? order by notes",
          tenant).getValues(0, String.class)).containsExactly("checked 2", "checked 3", "none", "none");
      assertThat(report.rows()).containsEntry("migration.assessments", 4L).containsEntry("migration.site_visits", 0L);
      assertThat(db.fetch("select key, value::bigint as value from seed_meta.tenants, jsonb_each_text(row_counts)"
          + " where tenant_id = ?", tenant).intoMap(DSL.field("key", String.class), DSL.field("value", Long.class)))
          .containsEntry("migration.assessments", 4L).containsEntry("migration.site_visits", 0L)
          .containsEntry("migration.badges", 0L).containsEntry("migration.assets", 50L);
    }
  }

  @Test
  void genericRowsOfTheBuildersAreWrittenTheirDrawnIdsTheOnesTheirReferencesResolveTo() {
    for (Seeder paths : List.of(seeder, seeder.copyThreshold(1))) {
      TenantGraph graph = SampleTenants.full(UUID.randomUUID()).engagement("e2", e -> e
          .assets(3, (i, a) -> a.server().set("data_source", "import").set("wave", 7))
          .rows("assessments", 3, (i, r) -> r.ref("asset_id", Ref.asset(i)).set("readiness_score", new BigDecimal("0.5")))
          .rows("assessment_notes", 3, (i, r) -> r.ref("assessment_id", Ref.row("assessments", 2 - i))))
          .build();

      paths.seed(graph); // the foreign keys hold: each note's assessment_id is the id drawn for its assessment

      UUID tenant = graph.tenantId();
      assertThat(db.fetch("select a.id from migration.assessments a join migration.assessment_notes n"
          + " on n.assessment_id = a.id where a.client_account_id = ?", tenant)).hasSize(3);
      assertThat(db.fetch("select data_source, wave from migration.assets where client_account_id = ?"
          + " and engagement_id = ?", tenant, graph.engagementId("e2")).intoArrays())
          .isDeepEqualTo(new Object[][] {{"import", 7}, {"import", 7}, {"import", 7}});
      assertThat(db.fetchValue("select count(distinct body) from migration.assessment_notes where client_account_id = ?",
          tenant)).as("drawn text differs by row").isEqualTo(3L);
    }
  }

  @Test
  void aForeignKeyColumnNoRowSetsFailsBeforeAnythingIsWrittenNamingHowToSetIt() {
    TenantGraph sample = SampleTenants.full(UUID.randomUUID()).build();
    TenantGraph graph = with(sample, "assessments", List.of(Row.of("assessments", "engagement/e/assessment/0",
        Map.of("id", UUID.randomUUID(), "engagement_id", sample.engagementId("e")))));

    assertRefusedBeforeWriting(graph, "tenant " + graph.tenantId() + "/engagement/e/assessment/0: column asset_id"
        + " of table migration.assessments is NOT NULL without a default, and no value can be drawn for it: it"
        + " references migration.assets (foreign key assessments_asset_id_fkey), and which row it should"
        + " reference is the graph's to say; set it with r.ref(\"asset_id\", ...) on a generic row, or"
        + " set(\"asset_id\", value) on the builder of the row");
  }

  @Test
  void aColumnOfATypeNoValueCanBeDrawnForFailsBeforeAnythingIsWritten() {
    TenantGraph sample = SampleTenants.small(UUID.randomUUID()).build();
    TenantGraph graph = with(sample, "site_visits", List.of(Row.of("site_visits", "visit/0",
        Map.of("id", UUID.randomUUID(), "client_account_id", sample.tenantId()))));

    assertRefusedBeforeWriting(graph, "tenant " + graph.tenantId() + "/visit/0: column location of table"
        + " migration.site_visits is NOT NULL without a default, and no value can be drawn for it: no value of"
        + " type point can be drawn; set it with set(\"location\", value) on the builder of the row");
  }

  @Test
  void aCheckNotReadHereFailsBeforeAnythingIsWritten() {
    TenantGraph sample = SampleTenants.small(UUID.randomUUID()).build();
    TenantGraph graph = with(sample, "badges", List.of(Row.of("badges", "badge/0", Map.of("id", UUID.randomUUID()))));

    assertRefusedBeforeWriting(graph, "tenant " + graph.tenantId() + "/badge/0: column code of table"
        + " migration.badges is NOT NULL without a default, and no value can be drawn for it: a CHECK on it is not"
        + " of a form a value can be drawn for (CHECK ((code ~ '^[A-Z]+$'::text))); set it with set(\"code\","
        + " value) on the builder of the row");
  }

  @Test
  void aColumnTheTableLacksFailsNamingThePathTheTableAndItsColumns() {
    TenantGraph sample = SampleTenants.small(UUID.randomUUID()).build();
    TenantGraph graph = with(sample, "assessments", List.of(Row.of("assessments", "assessment/0",
        Map.of("id", UUID.randomUUID(), "asset_idd", UUID.randomUUID()))));

    assertRefusedBeforeWriting(graph, "tenant " + graph.tenantId() + "/assessment/0: table migration.assessments"
        + " has no column asset_idd (its columns: id, client_account_id, engagement_id, asset_id, readiness_score,"
        + " notes, created_at)");
  }

  @Test
  void aGeneratedColumnSetByARowFails() {
    TenantGraph plain = SampleTenants.full(UUID.randomUUID()).build();
    List<Row> assets = new ArrayList<>();
    try (Stream<Row> rows = plain.rows("assets")) {
      rows.forEach(row -> {
        Map<String, Object> asset = new LinkedHashMap<>(row.values());
        asset.put("doubled", 4);
        assets.add(Row.of("assets", row.path(), asset));
      });
    }
    TenantGraph graph = with(plain, "assets", assets);

    assertRefusedBeforeWriting(graph, "tenant " + graph.tenantId() + "/" + assets.get(0).path() + ": column doubled"
        + " of table migration.assets is generated by the database, so no row can set it; leave it out");
  }

  @Test
  void aValueTooLongForItsVarcharOrCharIsRefusedOnBothPathsNeverTruncated() {
    for (String column : List.of("code", "label")) {
      TenantGraph plain = SampleTenants.full(UUID.randomUUID()).build();
      TenantGraph graph = with(plain, "assets", setOnEveryAsset(plain, column, "abcdefghijklmnop"));
      for (Seeder paths : List.of(seeder, seeder.copyThreshold(1))) {
        assertThatThrownBy(() -> paths.seed(graph))
            .isInstanceOf(UnableToSeedException.class)
            .hasMessageContaining("value too long for type character")
            .satisfies(e -> assertThat(((SeedException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
        assertThat(db.fetchCount(DSL.table("migration.client_accounts"), DSL.field("id").eq(graph.tenantId())))
            .as("nothing written").isZero();
      }
    }
  }

  /** The rows of {@code graph}'s assets, each with {@code column} set to {@code value}. */
  private static List<Row> setOnEveryAsset(TenantGraph graph, String column, Object value) {
    List<Row> assets = new ArrayList<>();
    try (Stream<Row> rows = graph.rows("assets")) {
      rows.forEach(row -> {
        Map<String, Object> asset = new LinkedHashMap<>(row.values());
        asset.put(column, value);
        assets.add(Row.of("assets", row.path(), asset));
      });
    }
    return assets;
  }

  @Test
  void aUniqueColumnIsDrawnOneToOneWithTheRowWhereItsTypeAllows() {
    // 2,000 rows: a draw from a window of a thousand values would repeat
    TenantGraph graph = SampleTenants.small(UUID.randomUUID()).rows("tickets", 2_000, (i, r) -> { }).build();

    seeder.seed(graph);

    assertThat(db.fetchValue("select count(distinct code) + count(distinct reference) + count(distinct handle)"
        + " from migration.tickets where client_account_id = ?", graph.tenantId())).isEqualTo(6_000L);
    String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    assertThat(db.fetchValue("select bool_and(code ~ ? and reference ~ ? and handle ~ ?) from migration.tickets"
        + " where client_account_id = ?", "^code-" + uuid, "^" + uuid, "^handle-" + uuid, graph.tenantId()))
        .as("each a whole uuid drawn for the row").isEqualTo(true);
  }

  @Test
  void aUniqueColumnOfATypeNoValueCanBeDrawnOneToOneForFailsBeforeAnythingIsWritten() {
    TenantGraph sample = SampleTenants.small(UUID.randomUUID()).build();
    TenantGraph graph = with(sample, "counters", List.of(Row.of("counters", "counter/0",
        Map.of("id", UUID.randomUUID(), "client_account_id", sample.tenantId()))));

    assertRefusedBeforeWriting(graph, "tenant " + graph.tenantId() + "/counter/0: column number of table"
        + " migration.counters is NOT NULL without a default, and no value can be drawn for it: it is UNIQUE, and"
        + " no value of type integer can be drawn one to one with the row (only uuid, and text that holds 36"
        + " characters); set it with set(\"number\", value) on the builder of the row");
  }

  @Test
  void aUuidKeyWithADefaultThatARowLeavesOutIsTheDrawnIdItsReferencesResolveTo() {
    for (Seeder paths : List.of(seeder, seeder.copyThreshold(1))) {
      TenantGraph graph = SampleTenants.small(UUID.randomUUID())
          .rows("visits", 2, (i, r) -> { })
          .rows("visit_notes", 2, (i, r) -> r.ref("visit_id", Ref.row("visits", 1 - i)))
          .build();

      paths.seed(graph); // the foreign keys hold: not gen_random_uuid()

      List<UUID> drawn;
      try (Stream<Row> rows = graph.rows("visits")) {
        drawn = rows.map(row -> Ids.drawn(graph.tenantId(), row.path(), "id")).toList();
      }
      assertThat(db.fetch("select id from migration.visits where client_account_id = ?", graph.tenantId())
          .getValues(0, UUID.class)).containsExactlyInAnyOrderElementsOf(drawn);
    }
  }

  @Test
  void anArrayIntoAJsonColumnIsAJsonArrayAndANestedOneIntoAnArrayColumnIsMultiDimensional() {
    for (Seeder paths : List.of(seeder, seeder.copyThreshold(1))) {
      TenantGraph plain = SampleTenants.full(UUID.randomUUID()).build();
      Object[] history = {"a", 1, new BigDecimal("2.5"), null, true, new Object[] {"b"}};
      TenantGraph withHistory = with(plain, "assets", setOnEveryAsset(plain, "history", history));
      TenantGraph graph = with(withHistory, "assets",
          setOnEveryAsset(withHistory, "grid", new Object[] {new Object[] {1, 2}, new Object[] {3, null}}));

      paths.seed(graph);

      assertThat(db.fetch("select distinct history::text, grid::text from migration.assets where client_account_id = ?",
          graph.tenantId()).intoArrays())
          .isDeepEqualTo(new Object[][] {{"[\"a\", 1, 2.5, null, true, [\"b\"]]", "{{1,2},{3,NULL}}"}});
    }
  }

  @Test
  void aTableTheDatabaseLacksIsNotMigrated() {
    TenantGraph sample = SampleTenants.small(UUID.randomUUID()).build();
    TenantGraph graph = with(sample, "wishes", List.of(Row.of("wishes", "wish/0", Map.of("id", UUID.randomUUID()))));

    assertThatThrownBy(() -> seeder.seed(graph))
        .isInstanceOf(NotMigratedException.class)
        .hasMessage("seeding tenant " + graph.tenantId() + " (Small Shop) failed: the database has no table"
            + " migration.wishes: is it migrated?; nothing was kept");
    assertThat(db.fetchCount(DSL.table("migration.client_accounts"), DSL.field("id").eq(graph.tenantId()))).isZero();
  }

  private void assertRefusedBeforeWriting(TenantGraph graph, String message) {
    for (Seeder paths : List.of(seeder, seeder.copyThreshold(1))) {
      assertThatThrownBy(() -> paths.seed(graph))
          .isInstanceOf(InvalidTenantGraphException.class)
          .hasMessage(message)
          .satisfies(e -> assertThat(((SeedException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
      assertThat(db.fetchCount(DSL.table("migration.client_accounts"), DSL.field("id").eq(graph.tenantId())))
          .as("nothing written").isZero();
      assertThat(db.fetchCount(DSL.table("seed_meta.tenants"), DSL.field("tenant_id").eq(graph.tenantId())))
          .as("nothing registered").isZero();
    }
  }

  /** {@code graph} with {@code rows} as the rows of {@code table}, every other table's rows as they are. */
  private static TenantGraph with(TenantGraph graph, String table, List<Row> rows) {
    Map<String, List<Row>> tables = new LinkedHashMap<>();
    for (String name : graph.tables()) {
      try (Stream<Row> stream = graph.rows(name)) {
        tables.put(name, stream.toList());
      }
    }
    tables.put(table, rows);
    return TenantGraph.fromRows(graph.tenantId(), "custom", null, tables);
  }

  private Result<Record> drawn(UUID tenant) {
    return db.fetch("""
        select wave, tier, code, label, readiness::text as readiness, score, retries, budget, tags::text as tags,
               history::text as history, meta::text as meta, reviewed, reviewed_on::text as reviewed_on,
               to_char(reviewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as reviewed_at, external_id
          from migration.assets where client_account_id = ? order by id""", tenant);
  }

  private static List<List<Object>> rows(Result<Record> result) {
    return result.stream().map(record -> List.of(record.intoArray())).toList();
  }
}
