package io.tenantseed.purge;

import static io.tenantseed.graph.Tenants.tenant;
import static io.tenantseed.schema.seed_meta.Tables.PURGE_LOG;
import static io.tenantseed.schema.seed_meta.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ErrorCode;
import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TenantTables;
import io.tenantseed.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PurgerTest {

  private final DataSource dataSource = TestDatabase.shared().dataSource();
  private final DSLContext db = DSL.using(dataSource, SQLDialect.POSTGRES);
  private final Seeder seeder = Seeder.forDataSource(dataSource);
  private final Purger purger = Purger.forDataSource(dataSource);

  @Test
  void purgingOneTenantLeavesTheOthersByteIdentical() {
    TenantGraph doomed = seed(SampleTenants.full(UUID.randomUUID()).build());
    TenantGraph neighbour = seed(SampleTenants.full(UUID.randomUUID()).build());
    TenantGraph other = seed(SampleTenants.small(UUID.randomUUID()).build());
    String neighbourBefore = CanonicalExport.toJson(db, neighbour.tenantId());
    String otherBefore = CanonicalExport.toJson(db, other.tenantId());

    PurgeResult result = purger.purge(List.of(doomed.tenantId()), PurgeOptions.DEFAULT);

    assertThat(result.tenants()).containsExactly(doomed.tenantId());
    assertThat(result.totalRows()).isEqualTo(60);
    assertThat(result.summary()).matches("Purged 1 tenant \\(60 rows\\) in \\d+ ms");
    assertNothingOf(db, doomed.tenantId());
    assertThat(CanonicalExport.toJson(db, neighbour.tenantId())).isEqualTo(neighbourBefore);
    assertThat(CanonicalExport.toJson(db, other.tenantId())).isEqualTo(otherBefore);
  }

  @Test
  void purgesOnTheCallersConnectionLeaveItAsTheyFoundItAndRepeatOnCachedPlans() throws Exception {
    try (java.sql.Connection connection = dataSource.getConnection()) {
      for (int i = 0; i < 8; i++) { // past the driver's threshold for server-prepared statements
        TenantGraph graph = seed(SampleTenants.full(UUID.randomUUID()).build());

        PurgeResult result = purger.purge(connection, List.of(graph.tenantId()), PurgeOptions.DEFAULT);

        assertThat(result.totalRows()).isEqualTo(60);
        assertNothingOf(db, graph.tenantId());
        assertThat(db.fetchCount(PURGE_LOG, PURGE_LOG.TENANT_ID.eq(graph.tenantId()))).isOne();
      }
      assertThat(connection.getAutoCommit()).isTrue();
      DSLContext same = DSL.using(connection, SQLDialect.POSTGRES);
      assertThat(same.fetchValue("select current_setting('enable_seqscan') || ' ' || current_setting('plan_cache_mode')"))
          .isEqualTo("on auto");
    }
  }

  @Test
  void thePlanListsEveryTenantTableChildrenFirstWithItsRows() {
    TenantGraph graph = seed(everyTable(UUID.randomUUID()));

    PurgePlan plan = purger.plan(List.of(graph.tenantId()));

    List<String> order = plan.tables().stream().map(PurgePlan.TableRows::table).toList();
    assertThat(order).containsExactlyInAnyOrderElementsOf(TenantTables.of(dataSource));
    assertThat(order.get(order.size() - 1)).isEqualTo("client_accounts");
    assertThat(order.indexOf("import_field_mappings")).isLessThan(order.indexOf("data_imports"));
    assertThat(order.indexOf("assets")).isLessThan(order.indexOf("discovery_flows"));
    assertThat(order.indexOf("discovery_flows")).isLessThan(order.indexOf("crewai_flow_state_extensions"));
    assertThat(order.indexOf("engagements")).isLessThan(order.indexOf("users"));
    // The tables everyTable fills; any other tenant table holds none of its rows (the totals agree).
    List<String> filled = List.of("client_accounts", "users", "engagements", "crewai_flow_state_extensions",
        "discovery_flows", "assessment_flows", "data_imports", "assets", "import_field_mappings");
    assertThat(plan.tables()).filteredOn(table -> filled.contains(table.table())).hasSameSizeAs(filled)
        .allSatisfy(table -> assertThat(table.total()).as(table.table()).isPositive());
    assertThat(plan.totalRows()).isEqualTo(graph.rowCounts().values().stream().mapToLong(Long::longValue).sum());
    assertThat(db.fetchCount(io.tenantseed.schema.migration.Tables.ASSETS,
        io.tenantseed.schema.migration.Tables.ASSETS.CLIENT_ACCOUNT_ID.eq(graph.tenantId()))).as("a plan changes nothing")
        .isEqualTo(12);
  }

  @Test
  void aTenantSpreadOverEveryTenantTableIsRemovedAndLogged() throws Exception {
    TenantGraph graph = seed(everyTable(UUID.randomUUID()));

    purger.purge(List.of(graph.tenantId()), PurgeOptions.DEFAULT);

    assertNothingOf(db, graph.tenantId());
    var log = db.selectFrom(PURGE_LOG).where(PURGE_LOG.TENANT_ID.eq(graph.tenantId())).fetchOne();
    assertThat(log.getScope()).isEqualTo("tenant");
    assertThat(log.getForced()).isFalse();
    assertThat(log.getPurgedBy()).endsWith(" as " + db.fetchValue("select current_user"));
    var counts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(log.getRowCounts().data());
    assertThat(counts.get("assets").asLong()).isEqualTo(12);
    assertThat(counts.get("client_accounts").asLong()).isEqualTo(1);
  }

  @Test
  void anUnregisteredTenantIsRefusedUnlessForced() {
    TenantGraph graph = seed(SampleTenants.small(UUID.randomUUID()).build());
    db.deleteFrom(TENANTS).where(TENANTS.TENANT_ID.eq(graph.tenantId())).execute();
    String before = CanonicalExport.toJson(db, graph.tenantId());

    assertThatThrownBy(() -> purger.plan(List.of(graph.tenantId())))
        .isInstanceOf(UnregisteredTenantException.class)
        .hasMessage("tenant " + graph.tenantId() + " is not registered in seed_meta.tenants (tenant-seed did not seed it); "
            + "refusing to purge without force")
        .satisfies(e -> assertThat(((UnregisteredTenantException) e).errorCode()).isEqualTo(ErrorCode.REFUSED));
    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(before);

    purger.purge(List.of(graph.tenantId()), PurgeOptions.DEFAULT.withForce());

    assertNothingOf(db, graph.tenantId());
    assertThat(db.select(PURGE_LOG.FORCED).from(PURGE_LOG).where(PURGE_LOG.TENANT_ID.eq(graph.tenantId())).fetchOne().value1())
        .isTrue();
  }

  @Test
  @SuppressWarnings("deprecation") // withStrict(), kept working for older callers
  void anIdThatNamesNoTenantIsRefusedAndNothingIsPurgedEvenBesideOneThatExists() {
    TenantGraph graph = seed(SampleTenants.small(UUID.randomUUID()).build());
    UUID nobody = UUID.randomUUID();
    String before = CanonicalExport.toJson(db, graph.tenantId());

    for (PurgeOptions options : List.of(PurgeOptions.DEFAULT, PurgeOptions.DEFAULT.withStrict(),
        PurgeOptions.DEFAULT.withIfExists().withStrict())) {
      assertThatThrownBy(() -> purger.plan(List.of(graph.tenantId(), nobody), options))
          .isInstanceOf(UnknownTenantException.class)
          .hasMessage("tenant " + nobody + " does not exist; nothing was purged (PurgeOptions.withIfExists(),"
              + " seed purge --if-exists, skips ids that name no tenant)")
          .satisfies(e -> assertThat(((UnknownTenantException) e).errorCode()).isEqualTo(ErrorCode.BAD_INPUT));
      assertThatThrownBy(() -> purger.purge(List.of(nobody, graph.tenantId()), options))
          .isInstanceOf(UnknownTenantException.class);
    }
    assertThat(CanonicalExport.toJson(db, graph.tenantId())).isEqualTo(before);
    assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(graph.tenantId()))).isOne();
  }

  @Test
  void withIfExistsAnIdThatNamesNoTenantIsReportedAndTheOthersArePurged() {
    TenantGraph graph = seed(SampleTenants.small(UUID.randomUUID()).build());
    UUID nobody = UUID.randomUUID();

    PurgePlan plan = purger.plan(List.of(graph.tenantId(), nobody), PurgeOptions.DEFAULT.withIfExists());
    PurgeResult result = purger.execute(plan);

    assertThat(plan.missing()).containsExactly(nobody);
    assertThat(result.tenants()).containsExactly(graph.tenantId());
    assertThat(result.summary()).endsWith("; 1 id named no tenant: [" + nobody + "]");
    assertNothingOf(db, graph.tenantId());
    assertThat(purger.purge(List.of(graph.tenantId()), PurgeOptions.DEFAULT.withIfExists()).missing())
        .containsExactly(graph.tenantId());
  }

  @Test
  void aRegistryRowWhoseTenantIsGoneIsRemovedAndSaidSo() {
    TenantGraph gone = seed(SampleTenants.small(UUID.randomUUID()).build());
    TenantGraph kept = seed(SampleTenants.small(UUID.randomUUID()).build());
    db.execute("delete from migration.client_accounts where id = ?", gone.tenantId()); // the cascade takes its rows
    long logRows = db.fetchCount(PURGE_LOG);

    PurgePlan plan = purger.plan(List.of(gone.tenantId()));
    assertThat(plan.tenants()).isEmpty();
    assertThat(plan.missing()).isEmpty();
    assertThat(plan.stale()).containsExactly(gone.tenantId());
    assertThat(plan.isEmpty()).isFalse();
    assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(gone.tenantId()))).isOne();

    PurgeResult result = purger.execute(plan);

    assertThat(result.tenants()).isEmpty();
    assertThat(result.stale()).containsExactly(gone.tenantId());
    assertThat(result.summary()).isEqualTo("Purged 0 tenants (0 rows) in " + result.elapsed().toMillis() + " ms;"
        + " registry row removed, the tenant was already gone: [" + gone.tenantId() + "]");
    assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(gone.tenantId()))).isZero();
    assertThat(db.fetchCount(PURGE_LOG)).isEqualTo(logRows);

    // Beside a tenant that exists, in one purge: both registry rows go, one log row is written.
    seed(gone);
    db.execute("delete from migration.client_accounts where id = ?", gone.tenantId());
    PurgeResult both = purger.purge(List.of(kept.tenantId(), gone.tenantId()), PurgeOptions.DEFAULT);
    assertThat(both.tenants()).containsExactly(kept.tenantId());
    assertThat(both.stale()).containsExactly(gone.tenantId());
    assertNothingOf(db, kept.tenantId());
    assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.in(kept.tenantId(), gone.tenantId()))).isZero();
    assertThat(db.fetchCount(PURGE_LOG)).isEqualTo(logRows + 1);

    // Once the registry row is gone too, the id names nothing.
    assertThatThrownBy(() -> purger.plan(List.of(gone.tenantId()))).isInstanceOf(UnknownTenantException.class);
  }

  @Test
  void theProductionMarkerRefusesWithoutOverride() {
    try (ScratchDatabase scratch = migratedScratch()) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();
      Seeder.forDataSource(scratch.dataSource()).seed(graph);
      scratchDb.execute("update seed_meta.environment set name = 'production'");
      Purger scratchPurger = Purger.forDataSource(scratch.dataSource());

      assertThatThrownBy(() -> scratchPurger.purge(List.of(graph.tenantId()), PurgeOptions.DEFAULT.withForce()))
          .isInstanceOf(ProtectedEnvironmentException.class)
          .hasMessage("refusing to purge tenant " + graph.tenantId() + ": the environment marker of this database says production");
      assertThat(CanonicalExport.toJson(scratchDb, graph.tenantId())).isEqualTo(CanonicalExport.toJson(graph));
    }
  }

  @Test
  void aFailureMidPurgeLeavesEverythingInPlace() {
    try (ScratchDatabase scratch = migratedScratch()) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      TenantGraph graph = everyTable(UUID.randomUUID());
      Seeder.forDataSource(scratch.dataSource()).seed(graph);
      String before = CanonicalExport.toJson(scratchDb, graph.tenantId());
      scratchDb.execute("""
          create function migration.refuse() returns trigger language plpgsql as $$
          begin raise exception 'injected failure'; end $$""");
      scratchDb.execute("create trigger refuse before delete on migration.data_imports for each row execute function migration.refuse()");

      assertThatThrownBy(() -> Purger.forDataSource(scratch.dataSource()).purge(List.of(graph.tenantId()), PurgeOptions.DEFAULT))
          .isInstanceOf(UnableToPurgeException.class)
          .hasMessage("purging tenant " + graph.tenantId() + " failed: injected failure; nothing was removed");
      assertThat(CanonicalExport.toJson(scratchDb, graph.tenantId())).isEqualTo(before);
      assertThat(scratchDb.fetchCount(TENANTS)).isEqualTo(1);
      assertThat(scratchDb.fetchCount(PURGE_LOG)).isZero();
    }
  }

  @Test
  void aTenantTableAddedByALaterMigrationIsCoveredWithoutCodeChanges(@TempDir Path dir) throws IOException {
    // A test-only migration after migrations/. RESTRICT on both keys: only a plan that empties
    // this table first can purge the tenant.
    Files.writeString(dir.resolve("V900__asset_notes.sql"), """
        CREATE TABLE IF NOT EXISTS migration.asset_notes (
            id                uuid PRIMARY KEY,
            client_account_id uuid NOT NULL REFERENCES migration.client_accounts (id) ON DELETE RESTRICT,
            asset_id          uuid NOT NULL REFERENCES migration.assets (id) ON DELETE RESTRICT,
            note              text NOT NULL);
        CREATE INDEX IF NOT EXISTS asset_notes_client_account_id_idx ON migration.asset_notes (client_account_id);
        CREATE INDEX IF NOT EXISTS asset_notes_asset_id_idx ON migration.asset_notes (asset_id);
        """);
    try (ScratchDatabase scratch = TestDatabase.shared().createMigratedDatabaseWith(dir)) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      TenantGraph graph = SampleTenants.full(UUID.randomUUID()).build();
      Seeder.forDataSource(scratch.dataSource()).seed(graph);
      scratchDb.execute("insert into migration.asset_notes select gen_random_uuid(), client_account_id, id, 'checked' "
          + "from migration.assets where client_account_id = ?", graph.tenantId());

      PurgePlan plan = Purger.forDataSource(scratch.dataSource()).plan(List.of(graph.tenantId()));
      Purger.forDataSource(scratch.dataSource()).execute(plan);

      assertThat(plan.tables()).filteredOn(t -> t.table().equals("asset_notes")).singleElement()
          .satisfies(t -> assertThat(t.total()).isEqualTo(50));
      assertThat(plan.schemaVersion()).isEqualTo("900");
      assertThat(scratchDb.fetchCount(DSL.table("migration.asset_notes"))).isZero();
      assertNothingOf(scratchDb, graph.tenantId());
    }
  }

  @Test
  void aRowLeftInATableWithoutATenantKeyFailsThePurgeAndKeepsEverything() {
    try (ScratchDatabase scratch = migratedScratch()) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();
      Seeder.forDataSource(scratch.dataSource()).seed(graph);
      // No foreign key guards this table's client_account_id, and a trigger writes into it
      // while the tenant row goes: only the check after the deletes can notice.
      scratchDb.execute("create table migration.audit_trail (id uuid primary key default gen_random_uuid(), "
          + "client_account_id uuid not null, note text)");
      String before = CanonicalExport.toJson(scratchDb, graph.tenantId()); // audit_trail included, empty
      scratchDb.execute("""
          create function migration.audit_delete() returns trigger language plpgsql as $$
          begin insert into migration.audit_trail (client_account_id, note) values (old.id, 'deleted'); return old; end $$""");
      scratchDb.execute("create trigger audit after delete on migration.client_accounts for each row "
          + "execute function migration.audit_delete()");

      assertThatThrownBy(() -> Purger.forDataSource(scratch.dataSource()).purge(List.of(graph.tenantId()), PurgeOptions.DEFAULT))
          .isInstanceOf(UnableToPurgeException.class)
          .hasMessage("purging tenant " + graph.tenantId() + " left 1 rows in migration.audit_trail; nothing was removed");
      assertThat(CanonicalExport.toJson(scratchDb, graph.tenantId())).isEqualTo(before);
      assertThat(scratchDb.fetchCount(DSL.table("migration.audit_trail"))).isZero();
      assertThat(scratchDb.fetchCount(TENANTS)).isEqualTo(1);
      assertThat(scratchDb.fetchCount(PURGE_LOG)).isZero();
    }
  }

  @Test
  void aStaleTenantsRowsInATableWithoutATenantKeyArePurgedWithItsRegistryRowAndChecked() {
    try (ScratchDatabase scratch = migratedScratch()) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      TenantGraph gone = SampleTenants.small(UUID.randomUUID()).build();
      TenantGraph kept = SampleTenants.small(UUID.randomUUID()).build();
      Seeder.forDataSource(scratch.dataSource()).seed(gone);
      Seeder.forDataSource(scratch.dataSource()).seed(kept);
      // No foreign key guards this table's client_account_id: deleting the client account by
      // hand leaves the tenant's rows here.
      scratchDb.execute("create table migration.audit_trail (id uuid primary key default gen_random_uuid(), "
          + "client_account_id uuid not null, note text)");
      scratchDb.execute("create index on migration.audit_trail (client_account_id)");
      scratchDb.execute("insert into migration.audit_trail (client_account_id, note) values (?, 'a'), (?, 'b'), (?, 'c')",
          gone.tenantId(), gone.tenantId(), kept.tenantId());
      scratchDb.execute("delete from migration.client_accounts where id = ?", gone.tenantId());
      Purger scratchPurger = Purger.forDataSource(scratch.dataSource());

      PurgePlan plan = scratchPurger.plan(List.of(gone.tenantId()));
      assertThat(plan.stale()).containsExactly(gone.tenantId());
      assertThat(plan.tables()).filteredOn(t -> t.table().equals("audit_trail")).singleElement()
          .satisfies(t -> assertThat(t.rows()).containsExactly(java.util.Map.entry(gone.tenantId(), 2L)));
      PurgeResult result = scratchPurger.execute(plan);

      assertThat(result.stale()).containsExactly(gone.tenantId());
      assertThat(result.totalRows()).isEqualTo(2);
      assertThat(result.summary()).isEqualTo("Purged 0 tenants (2 rows) in " + result.elapsed().toMillis() + " ms;"
          + " registry row removed, the tenant was already gone (2 rows left of it removed too): [" + gone.tenantId() + "]");
      assertThat(scratchDb.fetchCount(DSL.table("migration.audit_trail"), DSL.field("client_account_id").eq(gone.tenantId())))
          .isZero();
      assertThat(scratchDb.fetchCount(DSL.table("migration.audit_trail"))).as("another tenant's row stays").isOne();
      assertThat(scratchDb.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(gone.tenantId()))).isZero();
      assertThat(scratchDb.select(PURGE_LOG.ROW_COUNTS).from(PURGE_LOG).where(PURGE_LOG.TENANT_ID.eq(gone.tenantId()))
          .fetchOne().value1().data()).contains("\"audit_trail\": 2");

      // The check after the deletes covers a stale tenant too: a row written meanwhile fails the purge.
      Seeder.forDataSource(scratch.dataSource()).seed(gone);
      scratchDb.execute("insert into migration.audit_trail (client_account_id, note) values (?, 'a')", gone.tenantId());
      scratchDb.execute("delete from migration.client_accounts where id = ?", gone.tenantId());
      scratchDb.execute("""
          create function migration.audit_again() returns trigger language plpgsql as $$
          begin if old.note <> 'again' then
            insert into migration.audit_trail (client_account_id, note) values (old.client_account_id, 'again');
          end if; return old; end $$""");
      scratchDb.execute("create trigger again after delete on migration.audit_trail for each row "
          + "execute function migration.audit_again()");
      assertThatThrownBy(() -> scratchPurger.purge(List.of(gone.tenantId()), PurgeOptions.DEFAULT))
          .isInstanceOf(UnableToPurgeException.class)
          .hasMessage("purging tenant " + gone.tenantId() + " left 1 rows in migration.audit_trail; nothing was removed");
      assertThat(scratchDb.fetchCount(DSL.table("migration.audit_trail"), DSL.field("client_account_id").eq(gone.tenantId())))
          .isOne();
      assertThat(scratchDb.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(gone.tenantId()))).isOne();
    }
  }

  @Test
  void aPurgeAfterTheSchemaChangedUnderItsCachedCatalogCoversTheNewTable() {
    try (ScratchDatabase scratch = migratedScratch()) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      TenantGraph first = SampleTenants.small(UUID.randomUUID()).build();
      TenantGraph second = SampleTenants.small(UUID.randomUUID()).build();
      Seeder.forDataSource(scratch.dataSource()).seed(first);
      Seeder.forDataSource(scratch.dataSource()).seed(second);
      Purger scratchPurger = Purger.forDataSource(scratch.dataSource());
      scratchPurger.purge(List.of(first.tenantId()), PurgeOptions.DEFAULT); // caches the catalog
      scratchDb.execute("create table migration.engagement_notes (id uuid primary key, client_account_id uuid not null "
          + "references migration.client_accounts (id) on delete restrict, note text)");
      scratchDb.execute("insert into migration.engagement_notes values (gen_random_uuid(), ?, 'x')", second.tenantId());

      PurgeResult result = scratchPurger.purge(List.of(second.tenantId()), PurgeOptions.DEFAULT);

      assertThat(result.tables()).filteredOn(t -> t.table().equals("engagement_notes")).singleElement()
          .satisfies(t -> assertThat(t.total()).isOne());
      assertThat(scratchDb.fetchCount(DSL.table("migration.engagement_notes"))).isZero();
      assertNothingOf(scratchDb, second.tenantId());
    }
  }

  @Test
  void aTenantTableAddedWithoutFlywayIsPlannedToo() {
    try (ScratchDatabase scratch = migratedScratch()) {
      DSLContext scratchDb = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();
      Seeder.forDataSource(scratch.dataSource()).seed(graph);
      Purger scratchPurger = Purger.forDataSource(scratch.dataSource());
      PurgePlan before = scratchPurger.plan(List.of(graph.tenantId()));
      scratchDb.execute("create table migration.engagement_notes (id uuid primary key, client_account_id uuid not null "
          + "references migration.client_accounts (id) on delete restrict, note text)");
      scratchDb.execute("insert into migration.engagement_notes values (gen_random_uuid(), ?, 'x')", graph.tenantId());

      PurgePlan after = scratchPurger.plan(List.of(graph.tenantId()));
      scratchPurger.execute(after);

      assertThat(before.tables()).extracting(PurgePlan.TableRows::table).doesNotContain("engagement_notes");
      assertThat(after.catalogStamp()).isNotEqualTo(before.catalogStamp());
      assertThat(after.schemaVersion()).isEqualTo(before.schemaVersion());
      assertThat(after.tables()).extracting(PurgePlan.TableRows::table).contains("engagement_notes");
      assertThat(scratchDb.fetchCount(DSL.table("migration.engagement_notes"))).isZero();
    }
  }

  /** A tenant with rows in every tenant table (the reference data has no assessment flow). */
  static TenantGraph everyTable(UUID id) {
    return tenant(id).fixture("every-table", "1")
        .user("admin", u -> { })
        .engagement("e", e -> e.createdBy("admin")
            .masterFlow("f", f -> f.discoveryFlow(d -> d.user("admin")).assessmentFlow(a -> a.group("web", 0, 1))
                .dataImport("i", i -> i.importedBy("admin").fieldMapping(m -> m.source("a").target("b").approvedBy("admin"))))
            .assets(12, (i, a) -> a.discoveredBy("f")))
        .build();
  }

  private TenantGraph seed(TenantGraph graph) {
    seeder.seed(graph);
    return graph;
  }

  private static ScratchDatabase migratedScratch() {
    return TestDatabase.shared().createDatabase();
  }

  /** No row of {@code tenant} in any tenant table the live catalog knows, nor in the registry. */
  static void assertNothingOf(DSLContext db, UUID tenant) {
    SchemaCatalog catalog = db.connectionResult(connection -> SchemaCatalog.of(connection, "migration"));
    assertThat(catalog.deleteOrder).isNotEmpty();
    for (String table : catalog.deleteOrder) {
      assertThat(db.fetchCount(DSL.table(DSL.name("migration", table)),
          DSL.field(DSL.name(catalog.tenantColumn(table)), UUID.class).eq(tenant))).as(table).isZero();
    }
    assertThat(db.fetchCount(TENANTS, TENANTS.TENANT_ID.eq(tenant))).as("registry").isZero();
  }
}
