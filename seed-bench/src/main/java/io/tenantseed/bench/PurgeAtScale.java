package io.tenantseed.bench;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark 4: purging one TechCorp-sized tenant while 0, 100,000 and 1,000,000 rows of
 * another tenant share its tables, against a plain cascading {@code DELETE} of the client
 * account. Each on a warm connection of its own (so that neither inherits the other's cached
 * plans), alternating; the tenant is seeded (untimed) before each.
 */
final class PurgeAtScale {

  private PurgeAtScale() {}

  static List<Result> run(BenchContext context) throws SQLException {
    int repetitions = context.quick ? 7 : 15;
    List<Integer> sizes = context.quick ? List.of(0, 100_000) : List.of(0, 100_000, 1_000_000);
    DatabaseUrl url = context.server.createMigratedDatabase("seed_bench_purge");
    Seeder seeder = Seeder.forDataSource(url.dataSource());
    Purger purger = Purger.forDataSource(url.dataSource());
    List<Result> results = new ArrayList<>();
    double atZero = Double.NaN;
    Stats largest = null;
    try (Connection connection = url.dataSource().getConnection();
         Connection plain = url.dataSource().getConnection()) {
      for (int others : sizes) {
        BenchServer.emptyTenants(url);
        if (others > 0) {
          seeder.seed(BulkLoad.graph(others));
          BenchServer.execute(url, "VACUUM ANALYZE");
        }
        for (int i = 0; i < 3; i++) { // warm-up
          purgeOnce(seeder, purger, connection);
          deleteOnce(seeder, plain);
        }
        Stats ours = new Stats();
        Stats delete = new Stats();
        for (int i = 0; i < repetitions; i++) {
          if (i % 2 == 0) {
            ours.add(purgeOnce(seeder, purger, connection) * 1000);
            delete.add(deleteOnce(seeder, plain) * 1000);
          } else {
            delete.add(deleteOnce(seeder, plain) * 1000);
            ours.add(purgeOnce(seeder, purger, connection) * 1000);
          }
        }
        double ratio = ours.median() / delete.median();
        results.add(new Result("purge a 60-row tenant, " + String.format("%,d", others) + " other rows",
            Result.millis(ours.median()), Result.millis(delete.median()), ratio, "the time", "<= 3x",
            ratio <= 3 ? Result.Verdict.MET : Result.Verdict.MISSED,
            "purge " + ours.spread("%.2f ms") + "; DELETE FROM client_accounts (cascading) " + delete.spread("%.2f ms")));
        if (others == 0) {
          atZero = ours.median();
        }
        largest = ours;
        context.log("purge with " + others + " other rows done");
      }
    }
    context.server.dropDatabase("seed_bench_purge");
    double growth = largest.median() / atZero;
    int max = sizes.get(sizes.size() - 1);
    results.add(new Result("purge: " + String.format("%,d", max) + " other rows vs none", Result.millis(largest.median()),
        Result.millis(atZero), growth, "the time", "<= 2x", growth <= 2 ? Result.Verdict.MET : Result.Verdict.MISSED,
        "the purge's own time with the tables full against empty: tenant-leading indexes keep it flat"));
    return results;
  }

  private static double purgeOnce(Seeder seeder, Purger purger, Connection connection) {
    UUID id = UUID.randomUUID();
    seeder.seed(connection, TechCorp.FIXTURE.build(id), SeedMode.FAIL_IF_EXISTS);
    long started = System.nanoTime();
    purger.purge(connection, List.of(id), PurgeOptions.DEFAULT);
    return Stats.since(started);
  }

  private static double deleteOnce(Seeder seeder, Connection connection) throws SQLException {
    UUID id = UUID.randomUUID();
    seeder.seed(connection, TechCorp.FIXTURE.build(id), SeedMode.FAIL_IF_EXISTS);
    long started = System.nanoTime();
    try (PreparedStatement statement = connection.prepareStatement("DELETE FROM migration.client_accounts WHERE id = ?")) {
      statement.setObject(1, id);
      statement.executeUpdate();
    }
    return Stats.since(started);
  }
}
