package io.tenantseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.MigrationEntry;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.purge.FlowDoctor;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guards fail closed: a marker that is not exactly one row naming a known environment
 * (its CHECK dropped and a name written in capitals, abbreviated or empty; a second row; the
 * row deleted; the table or its column dropped) refuses every seed, purge, flow deletion, reset and marker
 * change, as production does, and nothing changes.
 */
class MarkerGuardTest {

  static Stream<Arguments> untrustedMarkers() {
    String dropCheck = "alter table seed_meta.environment drop constraint environment_name_known; ";
    return Stream.of(
        Arguments.of("'Production'", dropCheck + "update seed_meta.environment set name = 'Production'",
            "the environment marker says 'Production', which is not one of", true),
        Arguments.of("'prod'", dropCheck + "update seed_meta.environment set name = 'prod'",
            "the environment marker says 'prod'", true),
        Arguments.of("empty name", dropCheck + "update seed_meta.environment set name = ''",
            "the environment marker says ''", true),
        Arguments.of("a second row", "alter table seed_meta.environment drop constraint environment_pkey; "
            + "insert into seed_meta.environment (singleton, name) values (true, 'production')",
            "seed_meta.environment holds 2 marker rows ('development', 'production') instead of one", true),
        Arguments.of("the row deleted", "delete from seed_meta.environment",
            "the marker row of seed_meta.environment is missing", true),
        Arguments.of("the table dropped", "drop table seed_meta.environment",
            "the marker table seed_meta.environment is missing", true),
        Arguments.of("the table renamed", "alter table seed_meta.environment rename to environment_old",
            "the marker table seed_meta.environment is missing", true),
        Arguments.of("its column dropped", "alter table seed_meta.environment drop column name",
            "seed_meta.environment has no column name", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untrustedMarkers")
  void everyGuardRefusesAMarkerItDoesNotTrustAndNothingChanges(String label, String tampering, String reason,
      boolean forceRewrites) {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      Registry registry = Registry.forDataSource(scratch.dataSource());
      registry.setEnvironment("development", false);
      Seeder seeder = Seeder.forDataSource(scratch.dataSource());
      Purger purger = Purger.forDataSource(scratch.dataSource());
      FlowDoctor doctor = FlowDoctor.forDataSource(scratch.dataSource());
      TenantGraph seeded = SampleTenants.full(UUID.randomUUID()).build();
      seeder.seed(seeded);
      purger.plan(List.of(seeded.tenantId())); // the catalog cached, as in a long-lived process
      DSLContext db = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      db.execute(tampering);
      Map<String, Long> before = rows(db);
      TenantGraph other = SampleTenants.small(UUID.randomUUID()).build();
      UUID flow = seeded.masterFlowId("f");
      UUID engagement = seeded.engagementId("e");

      Consumer<ThrowingCallable> refused = call -> assertThatThrownBy(call)
          .isInstanceOf(ProtectedEnvironmentException.class)
          .hasMessageContaining(reason)
          .satisfies(e -> assertThat(((SeedException) e).errorCode()).isEqualTo(ErrorCode.REFUSED))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      refused.accept(() -> seeder.seed(other));
      refused.accept(() -> seeder.seed(seeded, SeedMode.REPLACE));
      refused.accept(() -> purger.plan(List.of(seeded.tenantId())));
      refused.accept(() -> purger.purge(List.of(seeded.tenantId()), PurgeOptions.DEFAULT.withForce()));
      refused.accept(() -> Purger.forDataSource(scratch.dataSource()).purge(List.of(seeded.tenantId()),
          PurgeOptions.DEFAULT));
      refused.accept(() -> doctor.plan(flow, seeded.tenantId(), engagement, false));
      refused.accept(() -> doctor.delete(flow, seeded.tenantId(), engagement, false));
      refused.accept(() -> Migrator.forDataSource(scratch.dataSource()).resetDevelopmentDatabase());
      refused.accept(() -> registry.setEnvironment("development", false));
      refused.accept(() -> registry.guardedEnvironment("refusing to initialise"));
      assertThat(rows(db)).isEqualTo(before);

      assertThat(forceRewrites).isTrue(); // every untrusted marker can be rewritten by force
      // Forced, the marker is rewritten, and a dropped table or column made again as the
      // bookkeeping migrations make it.
      registry.setEnvironment("test", true);
      assertThat(registry.guardedEnvironment("x")).contains(Environment.TEST);
      assertThat(purger.purge(List.of(seeded.tenantId()), PurgeOptions.DEFAULT).tenants())
          .containsExactly(seeded.tenantId());
      assertThat(Migrator.forDataSource(scratch.dataSource()).migrate().applied()).isEmpty();
      Migrator.forDataSource(scratch.dataSource()).validate();
    }
  }

  @Test
  void aFreshlyMigratedDatabaseHoldsTheUnsetRowAndSeedsAndPurgesRunThere() {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      DSLContext db = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      Registry registry = Registry.forDataSource(scratch.dataSource());

      assertThat(db.fetch("select name from seed_meta.environment").getValues(0, String.class))
          .containsExactly("unset");
      assertNotSetAndSeedsAndPurgesRun(scratch, registry);
    }
  }

  @Test
  void aDatabaseMigratedBeforeTheUnsetRowGetsItAtItsNextMigrate() {
    try (ScratchDatabase scratch = TestDatabase.shared().createEmptyDatabase()) {
      // Both histories as the previous release left them: seed_meta's two files, no marker row.
      Flyway.configure().dataSource(scratch.dataSource()).schemas("migration").createSchemas(true)
          .locations("classpath:io/tenantseed/migrations").load().migrate();
      Flyway.configure().dataSource(scratch.dataSource()).schemas("seed_meta").createSchemas(true)
          .locations("classpath:io/tenantseed/seed_meta").target("002").load().migrate();
      DSLContext db = DSL.using(scratch.dataSource(), SQLDialect.POSTGRES);
      assertThat(db.fetchCount(DSL.table("seed_meta.environment"))).isZero();
      Registry registry = Registry.forDataSource(scratch.dataSource());
      assertThatThrownBy(() -> registry.guardedEnvironment("refusing to seed"))
          .isInstanceOf(ProtectedEnvironmentException.class)
          .hasMessageContaining("the marker row of seed_meta.environment is missing")
          .hasMessageContaining("seed migrate restores it");

      assertThat(Migrator.forDataSource(scratch.dataSource()).migrate().applied()).extracting(MigrationEntry::toString)
          .containsExactly("seed_meta " + metaFiles().get(metaFiles().size() - 1));

      assertThat(db.fetch("select name from seed_meta.environment").getValues(0, String.class))
          .containsExactly("unset");
      assertNotSetAndSeedsAndPurgesRun(scratch, registry);
    }
  }

  /** The 'unset' row is "not set": seeds and purges run, reset refuses, a name replaces it without --force. */
  private static void assertNotSetAndSeedsAndPurgesRun(ScratchDatabase scratch, Registry registry) {
    assertThat(registry.guardedEnvironment("refusing")).isEmpty();
    assertThat(registry.environment()).isEmpty();
    TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();
    Seeder.forDataSource(scratch.dataSource()).seed(graph);
    assertThat(Purger.forDataSource(scratch.dataSource()).purge(List.of(graph.tenantId()), PurgeOptions.DEFAULT)
        .tenants()).containsExactly(graph.tenantId());
    assertThatThrownBy(() -> Migrator.forDataSource(scratch.dataSource()).resetDevelopmentDatabase())
        .isInstanceOf(ProtectedEnvironmentException.class)
        .hasMessageContaining("no environment marker is set");
    registry.setEnvironment("test", false);
    assertThat(registry.guardedEnvironment("refusing")).contains(Environment.TEST);
    assertThat(DSL.using(scratch.dataSource(), SQLDialect.POSTGRES).fetchCount(DSL.table("seed_meta.environment")))
        .isOne();
  }

  /** seed_meta's migration files, in version order. */
  private static List<String> metaFiles() {
    try (Stream<Path> files = Files.list(Path.of(Migrator.class.getResource("/io/tenantseed/seed_meta").toURI()))) {
      return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql")).sorted().toList();
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows per table of both schemas, with the marker's. */
  private static Map<String, Long> rows(DSLContext db) {
    Map<String, Long> rows = new TreeMap<>();
    for (var table : db.fetch("select schemaname || '.' || relname as t from pg_catalog.pg_stat_user_tables"
        + " where schemaname in ('migration', 'seed_meta')")) {
      String name = table.get(0, String.class);
      rows.put(name, ((Number) db.fetchValue("select count(*) from " + name)).longValue());
    }
    rows.put("marker table", ((Number) db.fetchValue("select count(*) from pg_catalog.pg_class c"
        + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
        + " where n.nspname = 'seed_meta' and c.relname = 'environment'")).longValue());
    return rows;
  }
}
