package io.tenantseed.seed;

import static io.tenantseed.schema.migration.Tables.*;
import static io.tenantseed.graph.Tenants.tenant;
import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;
import static io.tenantseed.schema.seed_meta.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantBuilder;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import io.tenantseed.internal.SchemaCatalog;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class SeederTest {

  private final DataSource dataSource = TestDatabase.shared().dataSource();
  private final DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
  private final Seeder seeder = Seeder.forDataSource(dataSource);

  @Test
  void whatIsWrittenReadsBackExactlyThroughBatchedInserts() {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();

    SeedReport report = seeder.seed(graph);

    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(CanonicalExport.toJson(graph));
    assertThat(report.outcome()).isEqualTo(SeedReport.Outcome.SEEDED);
    assertThat(report.totalRows()).isEqualTo(60);
    assertThat(report.summary()).matches("Seeded Sample Systems: 1 client account, 2 users, 1 engagement, "
        + "1 crewai flow state extension, 1 discovery flow, 1 data import, 50 assets, 3 import field mappings in \\d+ ms");
  }

  @Test
  void whatIsWrittenReadsBackExactlyThroughCopy() {
    TenantGraph graph = everyKindOfValue(UUID.randomUUID());

    seeder.copyThreshold(1).seed(graph);

    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(CanonicalExport.toJson(graph));
  }

  @Test
  void valuesThatNeedEscapingSurviveBothPaths() {
    TenantGraph inserted = everyKindOfValue(UUID.randomUUID());
    TenantGraph copied = everyKindOfValue(UUID.randomUUID());

    seeder.seed(inserted);
    seeder.copyThreshold(1).seed(copied);

    assertThat(CanonicalExport.toJson(db, inserted.tenantId())).isEqualTo(CanonicalExport.toJson(inserted));
    assertThat(CanonicalExport.toJson(db, copied.tenantId())).isEqualTo(CanonicalExport.toJson(copied));
    assertThat(db.select(ASSETS.ASSET_NAME).from(ASSETS).where(ASSETS.CLIENT_ACCOUNT_ID.eq(copied.tenantId()))
        .fetch(ASSETS.ASSET_NAME)).contains("tab\there, newline\nthere, back\\slash, quote's \"double\" ; DROP TABLE x; --");
  }

  @Test
  void theSameFixtureUnderTwoTenantIdsCoexists() {
    TenantGraph first = SampleTenants.full(UUID.randomUUID()).build();
    TenantGraph second = SampleTenants.full(UUID.randomUUID()).build();

    seeder.seed(first);
    seeder.seed(second);

    assertThat(count(ASSETS, first.tenantId())).isEqualTo(50);
    assertThat(count(ASSETS, second.tenantId())).isEqualTo(50);
  }

  @Test
  void theTenantIsRegisteredWithItsFixtureAndVersionInTheSameTransaction() throws Exception {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).fixture("sample", "v-test-1").build();

    seeder.seed(graph);

    var row = db.selectFrom(TENANTS).where(TENANTS.TENANT_ID.eq(graph.tenantId())).fetchOne();
    assertThat(row.getFixtureName()).isEqualTo("sample");
    assertThat(row.getFixtureVersion()).isEqualTo("v-test-1");
    var counts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(row.getRowCounts().data());
    assertThat(counts.get("migration.assets").asLong()).isEqualTo(50);
    assertThat(counts.get("migration.users").asLong()).isEqualTo(2);
  }

  @Test
  void anUnversionedGraphIsRegisteredUnderADigestOfItsRows() {
    TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();

    seeder.seed(graph);

    assertThat(db.select(TENANTS.FIXTURE_NAME, TENANTS.FIXTURE_VERSION).from(TENANTS)
        .where(TENANTS.TENANT_ID.eq(graph.tenantId())).fetchOne().intoArray())
        .containsExactly("custom", "rows-" + CanonicalExport.streamingDigest(graph));
  }

  @Test
  void anExistingTenantIsRefusedAndLeftAsItWas() {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
    seeder.seed(graph);
    String before = CanonicalExport.toJson(db, graph.tenantId());

    assertThatThrownBy(() -> seeder.seed(graph))
        .isInstanceOf(TenantExistsException.class)
        .hasMessageStartingWith("tenant " + graph.tenantId() + " exists already (fixture custom version ")
        .satisfies(e -> assertThat(((TenantExistsException) e).errorCode()).isEqualTo(ErrorCode.TENANT_EXISTS));
    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(before);
  }

  @Test
  void theTenantExistsMessageAdvisesTheSeedModesAndCarriesThemApartForOtherWordings() {
    TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();
    seeder.seed(graph);

    assertThatThrownBy(() -> seeder.seed(graph)).isInstanceOfSatisfying(TenantExistsException.class, e -> {
      assertThat(e.getMessage()).isEqualTo(e.situation()
          + "; seed it with SeedMode.REPLACE to overwrite it, or SeedMode.IF_ABSENT to keep it");
      assertThat(e.getMessage()).as("no command-line options for a Java caller").doesNotContain("--", "seed load");
      assertThat(e.situation()).startsWith("tenant " + graph.tenantId() + " exists already (fixture custom version ");
      assertThat(e.alternatives()).containsExactly(SeedMode.REPLACE, SeedMode.IF_ABSENT);
      assertThat(e.tenantId()).isEqualTo(graph.tenantId());
    });
    TenantGraph other = SampleTenants.small(graph.tenantId()).name("Other Systems").fixture("sample", "v2").build();
    assertThatThrownBy(() -> seeder.seed(other, SeedMode.IF_ABSENT)).isInstanceOfSatisfying(TenantExistsException.class,
        e -> {
          assertThat(e.getMessage()).endsWith("(its rows differ from the fixture's); seed it with SeedMode.REPLACE"
              + " to overwrite it");
          assertThat(e.alternatives()).containsExactly(SeedMode.REPLACE);
        });
  }

  @Test
  void replaceRemovesTheOldTenantAndSeedsTheNewOneAtomically() {
    UUID id = UUID.randomUUID();
    seeder.seed(SampleTenants.full(id).build());
    TenantGraph smaller = SampleTenants.full(id).engagement("extra", e -> e.assets(2, (i, a) -> { })).build();

    SeedReport report = seeder.seed(smaller, SeedMode.REPLACE);

    assertThat(report.outcome()).isEqualTo(SeedReport.Outcome.REPLACED);
    assertThat(report.summary()).startsWith("Replaced Sample Systems: ");
    assertThat(CanonicalExport.toJson(db, id)).isEqualTo(CanonicalExport.toJson(smaller));
    assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(id))).isEqualTo(1);
  }

  @Test
  void ifAbsentDoesNothingWhenTheSameVersionIsThereAndRefusesAnotherWithOtherRows() {
    UUID id = UUID.randomUUID();
    seeder.seed(SampleTenants.full(id).fixture("sample", "v1").build());
    String before = CanonicalExport.toJson(db, id);

    SeedReport same = seeder.seed(SampleTenants.full(id).fixture("sample", "v1").build(), SeedMode.IF_ABSENT);

    assertThat(same.outcome()).isEqualTo(SeedReport.Outcome.UNCHANGED);
    assertThat(same.rows()).isEmpty();
    assertThat(same.summary()).isEqualTo("Unchanged Sample Systems: the same fixture version is seeded already");
    TenantGraph other = SampleTenants.full(id).name("Other Systems").fixture("sample", "v2").build();
    assertThatThrownBy(() -> seeder.seed(other, SeedMode.IF_ABSENT))
        .isInstanceOf(TenantExistsException.class)
        .hasMessageContaining("(fixture sample version v1), not as fixture sample version v2 (its rows differ");
    assertThat(CanonicalExport.toJson(db, id)).isEqualTo(before);
    assertThat(db.select(TENANTS.FIXTURE_VERSION).from(TENANTS).where(TENANTS.TENANT_ID.eq(id)).fetchOne().value1())
        .isEqualTo("v1");
  }

  @Test
  void ifAbsentRefusesAStoredTenantWithAValueNoExportCanHoldAsOneWhoseRowsDiffer() {
    UUID id = UUID.randomUUID();
    seeder.seed(SampleTenants.full(id).fixture("sample", "v1").build());
    // a JSON value nested deeper than an export reads back: the graph has no such value
    db.execute("update migration.client_accounts set settings = ?::jsonb where id = ?",
        "{\"a\":".repeat(1_000) + "{}" + "}".repeat(1_000), id);

    assertThatThrownBy(() -> seeder.seed(SampleTenants.full(id).fixture("sample", "v2").build(), SeedMode.IF_ABSENT))
        .isInstanceOf(TenantExistsException.class)
        .hasMessageContaining("(fixture sample version v1), not as fixture sample version v2 (its rows differ");
    assertThat(db.select(TENANTS.FIXTURE_VERSION).from(TENANTS).where(TENANTS.TENANT_ID.eq(id)).fetchOne().value1())
        .isEqualTo("v1");
  }

  @Test
  void ifAbsentOnASchemaChangedByHandNamesWhatTheDatabaseLacksAsTheSeedsFailure() {
    for (String change : new String[] {"alter table migration.assets drop column os_version",
        "drop table migration.import_field_mappings"}) {
      try (io.tenantseed.testing.ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
        UUID id = UUID.randomUUID();
        Seeder scratchSeeder = Seeder.forDataSource(scratch.dataSource());
        scratchSeeder.seed(SampleTenants.full(id).fixture("sample", "v1").build());
        DSL.using(scratch.dataSource(), SQLDialect.POSTGRES).execute(change);

        assertThatThrownBy(() -> scratchSeeder.seed(SampleTenants.full(id).fixture("sample", "v2").build(), SeedMode.IF_ABSENT))
            .as(change)
            .isInstanceOf(io.tenantseed.migrate.NotMigratedException.class)
            .hasMessageStartingWith("seeding tenant " + id + " (Sample Systems) failed: the migrations define "
                + (change.startsWith("drop table") ? "table migration.import_field_mappings" : "column os_version of table migration.assets")
                + ", which the database lacks")
            .satisfies(e -> assertThat(((io.tenantseed.SeedException) e).errorCode()).isEqualTo(ErrorCode.MIGRATION_FAILED));
      }
    }
  }

  @Test
  void ifAbsentRegistersAStoredTenantWhoseRowsAreTheGraphsUnderItsFixture() {
    UUID id = UUID.randomUUID();
    seeder.seed(SampleTenants.full(id).fixture("export", "rows-1234").build());
    var seededAt = db.select(TENANTS.SEEDED_AT).from(TENANTS).where(TENANTS.TENANT_ID.eq(id)).fetchOne().value1();
    Map<String, Integer> before = counts(id);

    SeedReport registered = seeder.seed(SampleTenants.full(id).fixture("sample", "v1").build(), SeedMode.IF_ABSENT);

    assertThat(registered.outcome()).isEqualTo(SeedReport.Outcome.REGISTERED);
    assertThat(registered.rows()).isEmpty();
    assertThat(registered.summary())
        .isEqualTo("Unchanged Sample Systems: its rows are the fixture's already; registered it as that fixture");
    assertThat(counts(id)).isEqualTo(before);
    var row = db.selectFrom(TENANTS).where(TENANTS.TENANT_ID.eq(id)).fetchOne();
    assertThat(row.getFixtureName()).isEqualTo("sample");
    assertThat(row.getFixtureVersion()).isEqualTo("v1");
    assertThat(row.getSeededAt()).isEqualTo(seededAt);
    assertThat(seeder.seed(SampleTenants.full(id).fixture("sample", "v1").build(), SeedMode.IF_ABSENT).outcome())
        .isEqualTo(SeedReport.Outcome.UNCHANGED);
  }

  @Test
  void ifAbsentRegistersAnUnregisteredTenantWhoseRowsAreTheGraphs() {
    UUID id = UUID.randomUUID();
    seeder.seed(SampleTenants.full(id).build());
    db.deleteFrom(TENANTS).where(TENANTS.TENANT_ID.eq(id)).execute();

    assertThatThrownBy(() -> seeder.seed(SampleTenants.full(id).build()))
        .isInstanceOf(TenantExistsException.class).hasMessageContaining("(not registered by tenant-seed)");
    assertThat(seeder.seed(SampleTenants.full(id).fixture("sample", "v1").build(), SeedMode.IF_ABSENT).outcome())
        .isEqualTo(SeedReport.Outcome.REGISTERED);
    assertThat(db.select(TENANTS.FIXTURE_NAME).from(TENANTS).where(TENANTS.TENANT_ID.eq(id)).fetchOne().value1())
        .isEqualTo("sample");
  }

  @Test
  void aRegistryRowWhoseClientAccountIsGoneCountsAsAbsentInEveryMode() {
    for (SeedMode mode : SeedMode.values()) {
      TenantGraph graph = SampleTenants.full(UUID.randomUUID()).fixture("sample", "v1").build();
      seeder.seed(graph);
      db.deleteFrom(CLIENT_ACCOUNTS).where(CLIENT_ACCOUNTS.ID.eq(graph.tenantId())).execute(); // the cascade takes the rest
      assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(graph.tenantId()))).isEqualTo(1);

      SeedReport report = seeder.seed(graph, mode);

      assertThat(report.outcome()).as(mode.name()).isEqualTo(SeedReport.Outcome.SEEDED);
      assertThat(CanonicalExport.toJson(db, graph.tenantId())).as(mode.name()).isEqualTo(CanonicalExport.toJson(graph));
      assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(graph.tenantId()))).as(mode.name()).isEqualTo(1);
    }
  }

  @Test
  void seedingAnUnmigratedDatabaseRaisesNotMigrated() {
    try (io.tenantseed.testing.ScratchDatabase empty = TestDatabase.shared().createEmptyDatabase()) {
      TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();

      for (SeedMode mode : SeedMode.values()) {
        assertThatThrownBy(() -> Seeder.forDataSource(empty.dataSource()).seed(graph, mode))
            .isInstanceOf(io.tenantseed.migrate.NotMigratedException.class)
            .hasMessageStartingWith("seeding tenant " + graph.tenantId() + " (Small Shop) failed: the database is not"
                + " migrated (")
            .hasMessageEndingWith("); run seed migrate first")
            .satisfies(e -> assertThat(((io.tenantseed.SeedException) e).errorCode()).isEqualTo(ErrorCode.MIGRATION_FAILED));
      }
      assertThat(DSL.using(empty.dataSource(), SQLDialect.POSTGRES)
          .fetchValue("select count(*) from pg_namespace where nspname in ('migration', 'seed_meta')")).isEqualTo(0L);
    }
  }

  @Test
  void ifAbsentSeedsATenantThatIsNotThere() {
    TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();

    assertThat(seeder.seed(graph, SeedMode.IF_ABSENT).outcome()).isEqualTo(SeedReport.Outcome.SEEDED);
    assertThat(count(CLIENT_ACCOUNTS, graph.tenantId())).isEqualTo(1);
  }

  @Test
  void aFailureAtTheLastTableLeavesNoRowOfTheTenant() {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
    SeedListener failAtLastTable = new SeedListener() {
      @Override
      public void tableStarted(String table, long rows) {
        if (table.equals("migration.import_field_mappings")) {
          throw new IllegalStateException("injected failure");
        }
      }
    };

    assertThatThrownBy(() -> seeder.listener(failAtLastTable).seed(graph))
        .isInstanceOf(UnableToSeedException.class)
        .hasMessage("seeding tenant " + graph.tenantId() + " (Sample Systems) failed at "
            + "migration.import_field_mappings: injected failure; nothing was kept")
        .satisfies(e -> assertThat(((UnableToSeedException) e).errorCode()).isEqualTo(ErrorCode.UNEXPECTED));
    assertNothingOf(graph.tenantId());
  }

  @Test
  void aTriggerThatSkipsRowsIsNoticedAndTheRowsActuallyWrittenAreRegistered() {
    try (io.tenantseed.testing.ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      scratchDb.execute("""
          create function migration.skip_servers() returns trigger language plpgsql as $$
          begin if new.asset_type = 'server' then return null; end if; return new; end $$""");
      scratchDb.execute("create trigger skip before insert on migration.assets for each row execute function migration.skip_servers()");
      TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
      long kept = graph.assets().map(r -> r.into(ASSETS)).filter(asset -> !"server".equals(asset.getAssetType())).count();
      assertThat(kept).isBetween(1L, graph.assetCount() - 1);

      SeedReport report = Seeder.forDataSource(scratch.dataSource()).seed(graph);

      assertThat(report.rows()).containsEntry("migration.assets", kept);
      assertThat(scratchDb.fetchValue("select (row_counts->>'migration.assets')::bigint from seed_meta.tenants"
          + " where tenant_id = ?", graph.tenantId())).isEqualTo(kept);
      assertThat(scratchDb.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(graph.tenantId()))).isEqualTo((int) kept);
    }
  }

  @Test
  void aConstraintViolationNamesTheTableAndLeavesNothing() {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).engagement("bad", e -> e
        .masterFlow("bad-flow", f -> f.dataImport("bad-import", i -> i
            .fieldMapping(m -> m.source("a").target("b").confidence(2.0))))).build();

    assertThatThrownBy(() -> seeder.seed(graph))
        .isInstanceOf(UnableToSeedException.class)
        .hasMessageContaining("failed at migration.import_field_mappings: ")
        .hasMessageContaining("import_field_mappings_confidence_range")
        .satisfies(e -> assertThat(((UnableToSeedException) e).table()).isEqualTo("migration.import_field_mappings"))
        .satisfies(e -> assertThat(((UnableToSeedException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
    assertNothingOf(graph.tenantId());
  }

  @Test
  void anInterruptedSeedLeavesNothing() {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
    SeedListener interrupt = new SeedListener() {
      @Override
      public void tableStarted(String table, long rows) {
        if (table.equals("migration.assets")) {
          Thread.currentThread().interrupt();
        }
      }
    };

    try {
      assertThatThrownBy(() -> seeder.listener(interrupt).copyThreshold(10).seed(graph))
          .isInstanceOf(UnableToSeedException.class)
          .hasMessageEndingWith("failed at migration.assets: interrupted; nothing was kept");
    } finally {
      Thread.interrupted();
    }
    assertNothingOf(graph.tenantId());
  }

  @Test
  void theProductionMarkerRefusesEverySeed() throws Exception {
    TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      DSL.using(connection, SQLDialect.POSTGRES).execute("update seed_meta.environment set name = 'production'");

      assertThatThrownBy(() -> seeder.seed(connection, graph, SeedMode.REPLACE))
          .isInstanceOf(ProtectedEnvironmentException.class)
          .hasMessage("refusing to seed tenant " + graph.tenantId()
              + " (Small Shop): the environment marker of this database says production")
          .satisfies(e -> assertThat(((ProtectedEnvironmentException) e).errorCode()).isEqualTo(ErrorCode.REFUSED));
      // the seeder rolled its transaction back, taking the marker with it
    }
    assertNothingOf(graph.tenantId());
    assertThat(db.fetchValue("select string_agg(name, ',') from seed_meta.environment")).isEqualTo("unset");
  }

  @Test
  void seedsUnderTheApplicationRoleWithForcedRowLevelSecurity() throws Exception {
    TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
    try (Connection connection = dataSource.getConnection()) {
      connection.createStatement().execute("set role seed_app");
      try {
        SeedReport report = seeder.copyThreshold(10).seed(connection, graph, SeedMode.FAIL_IF_EXISTS);

        assertThat(report.totalRows()).isEqualTo(60);
        assertThat(connection.getAutoCommit()).isTrue();
      } finally {
        connection.createStatement().execute("reset role");
      }
    }
    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(CanonicalExport.toJson(graph));
  }

  @Test
  void replaceWorksUnderTheApplicationRoleToo() throws Exception {
    UUID id = UUID.randomUUID();
    seeder.seed(SampleTenants.full(id).build());
    TenantGraph again = SampleTenants.full(id).engagement("extra", e -> e.assets(3, (i, a) -> { })).build();
    try (Connection connection = dataSource.getConnection()) {
      connection.createStatement().execute("set role seed_app");
      try {
        assertThat(seeder.seed(connection, again, SeedMode.REPLACE).outcome()).isEqualTo(SeedReport.Outcome.REPLACED);
      } finally {
        connection.createStatement().execute("reset role");
      }
    }
    assertThat(CanonicalExport.toJson(db, id)).isEqualTo(CanonicalExport.toJson(again));
  }

  @Test
  void largeTablesStreamThroughCopy() {
    TenantGraph graph = tenant(UUID.randomUUID()).engagement("e", e -> e.assets(20_000, (i, a) -> a.server())).build();
    Map<String, Long> progress = new LinkedHashMap<>();

    SeedReport report = seeder.listener(new SeedListener() {
      @Override
      public void rowsWritten(String table, long rows) {
        progress.merge(table, 1L, Long::sum);
      }
    }).seed(graph);

    assertThat(report.rows()).containsEntry("migration.assets", 20_000L);
    assertThat(count(ASSETS, graph.tenantId())).isEqualTo(20_000);
    assertThat(progress.get("migration.assets")).as("progress reports on a large table").isGreaterThan(1);
    assertThat(db.fetchValue(DSL.select(ASSETS.ASSET_NAME).from(ASSETS).where(ASSETS.ID.eq(graph.asset(19_999).into(ASSETS).getId()))))
        .isEqualTo(graph.asset(19_999).into(ASSETS).getAssetName());
  }

  /** A tenant whose values exercise every column type and every character COPY escapes. */
  private static TenantGraph everyKindOfValue(UUID id) {
    TenantBuilder builder = SampleTenants.full(id);
    return builder.engagement("odd-values", e -> e
        .masterFlow("odd-flow", f -> f.crewState(Map.of("nested", Map.of("quote", "it's \"quoted\"", "tab", "a\tb", "n", 1.50)))
            .assessmentFlow(a -> a.group("everything", 0, 1, 2).inProgress("six_r_analysis")))
        .assets(3, (i, a) -> a.kind(i == 0 ? "server" : "application")
            .name(i == 2 ? "tab\there, newline\nthere, back\\slash, quote's \"double\" ; DROP TABLE x; --" : "ünïcödé-" + i)
            .technologyStack("C\\C++", "\"quoted\"", "with,comma", "{braces}", "NULL")
            .ipAddress(i == 1 ? "fd00::1" : null)
            .utilization(33.333, 66.666)
            .scores(0.8765, 0.1)))
        .build();
  }

  /** Rows of {@code tenant} in every tenant table of the live catalog. */
  private Map<String, Integer> counts(UUID tenant) {
    SchemaCatalog catalog = db.connectionResult(c -> SchemaCatalog.of(c, "migration"));
    Map<String, Integer> counts = new LinkedHashMap<>();
    catalog.insertOrder().forEach(table -> counts.put(table, db.fetchCount(DSL.table(DSL.name("migration", table)),
        DSL.field(DSL.name(catalog.tenantColumn(table))).eq(tenant))));
    return counts;
  }

  private int count(Table<?> table, UUID tenant) {
    return db.fetchCount(table, table == CLIENT_ACCOUNTS ? CLIENT_ACCOUNTS.ID.eq(tenant)
        : table.field("client_account_id", UUID.class).eq(tenant));
  }

  private void assertNothingOf(UUID tenant) {
    assertThat(counts(tenant)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
    assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(tenant))).as("registry").isZero();
  }
}
