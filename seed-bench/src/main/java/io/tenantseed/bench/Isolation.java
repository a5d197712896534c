package io.tenantseed.bench;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Benchmark 3: what a test class costs to get data of its own. Ours: what {@code @SeedTenant}
 * does per class (build TechCorp under the class's id, seed it, purge it, each on a new
 * connection of an unpooled DataSource). Baselines: a database cloned from a template that
 * holds the same data ({@code CREATE DATABASE ... TEMPLATE}, first connection,
 * {@code DROP DATABASE}), and {@code TRUNCATE ... CASCADE} of the tenant tables plus a reseed.
 */
final class Isolation {

  static final String TEMPLATE = "seed_bench_template";
  private static final String CLONE = "seed_bench_clone";

  private Isolation() {}

  /** A database holding the migrated schema and TechCorp, usable as a template (nobody connected). */
  static DatabaseUrl template(BenchContext context) {
    DatabaseUrl template = context.server.createMigratedDatabase(TEMPLATE);
    Seeder.forDataSource(template.dataSource()).seed(TechCorp.FIXTURE.build());
    return template;
  }

  /**
   * One cycle as the extension does it on the shared test database, in seconds: build the
   * graph under the class's id, seed it and purge it on a warm connection it keeps.
   */
  static double seedAndPurge(Connection warm, Class<?> testClass) {
    long started = System.nanoTime();
    UUID id = io.tenantseed.junit.Tenant.idFor(testClass, "techcorp");
    TenantGraph graph = TechCorp.FIXTURE.build(id);
    SEEDER.seed(warm, graph, SeedMode.REPLACE);
    PURGER.purge(warm, List.of(id), PurgeOptions.DEFAULT);
    return Stats.since(started);
  }

  /** Seeder and Purger want a DataSource even when every call passes its connection. */
  private static final DataSource NO_DATA_SOURCE = new org.postgresql.ds.PGSimpleDataSource();
  /** One of each, kept, as the extension keeps its own for the shared test database. */
  private static final Seeder SEEDER = Seeder.forDataSource(NO_DATA_SOURCE);
  private static final Purger PURGER = Purger.forDataSource(NO_DATA_SOURCE);

  static List<Result> run(BenchContext context) throws SQLException {
    int cycles = context.quick ? 10 : 30;
    DatabaseUrl template = template(context);
    DatabaseUrl database = context.server.createMigratedDatabase("seed_bench_isolation");
    DataSource dataSource = database.dataSource();
    Stats ours = new Stats();
    Stats cloned = new Stats();
    Stats truncated = new Stats();
    try (Connection admin = context.server.admin().dataSource().getConnection();
        Connection warm = dataSource.getConnection()) {
      for (int i = 0; i < 3; i++) { // warm-up, not counted
        seedAndPurge(warm, Isolation.class);
        cloneCycle(admin, template);
      }
      for (int i = 0; i < cycles; i++) {
        if (i % 2 == 0) {
          ours.add(seedAndPurge(warm, Isolation.class) * 1000);
          cloned.add(cloneCycle(admin, template) * 1000);
        } else {
          cloned.add(cloneCycle(admin, template) * 1000);
          ours.add(seedAndPurge(warm, Isolation.class) * 1000);
        }
        truncated.add(truncateAndReseed(Seeder.forDataSource(dataSource), warm) * 1000);
      }
    }
    context.server.dropDatabase("seed_bench_isolation");
    double faster = cloned.median() / ours.median();
    return List.of(
        new Result("per-class isolation: seed + purge vs template database", Result.millis(ours.median()),
            Result.millis(cloned.median()), faster, "faster", ">= 10x faster",
            faster >= 10 ? Result.Verdict.MET : Result.Verdict.MISSED,
            "ours " + ours.spread("%.1f ms") + "; CREATE DATABASE TEMPLATE + connect + DROP " + cloned.spread("%.1f ms")),
        new Result("per-class isolation: seed + purge vs TRUNCATE + reseed", Result.millis(ours.median()),
            Result.millis(truncated.median()), truncated.median() / ours.median(), "faster", "(none)",
            Result.Verdict.INFO, "TRUNCATE CASCADE of every tenant table + reseed on a warm connection "
                + truncated.spread("%.1f ms") + "; it also wipes every other class's data"));
  }

  /** Clone the template, connect once, drop the clone; seconds. */
  static double cloneCycle(Connection admin, DatabaseUrl template) throws SQLException {
    long started = System.nanoTime();
    try (Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + CLONE + " TEMPLATE " + TEMPLATE);
    }
    try (Connection first = template.withDatabase(CLONE).dataSource().getConnection();
        Statement statement = first.createStatement()) {
      statement.execute("SELECT 1");
    }
    try (Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE " + CLONE);
    }
    return Stats.since(started);
  }

  private static double truncateAndReseed(Seeder seeder, Connection warm) throws SQLException {
    long started = System.nanoTime();
    try (Statement statement = warm.createStatement()) {
      statement.execute("TRUNCATE migration.client_accounts CASCADE; DELETE FROM seed_meta.tenants");
    }
    seeder.seed(warm, TechCorp.FIXTURE.build(UUID.randomUUID()), SeedMode.FAIL_IF_EXISTS);
    return Stats.since(started);
  }
}
