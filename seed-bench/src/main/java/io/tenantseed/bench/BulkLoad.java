package io.tenantseed.bench;

import static io.tenantseed.schema.migration.Tables.ASSETS;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.ScaleTenant;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.seed.Seeder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Benchmark 1: a million assets of ScaleTenant through the seeder (generated while written,
 * in a child JVM limited to 512 MB so that its peak heap is its own) against psql's
 * {@code \copy} of the same rows from a CSV file written beforehand, and against batched
 * INSERTs with {@code reWriteBatchedInserts}. Rounds alternate the order.
 */
final class BulkLoad {

  private BulkLoad() {}

  static List<Result> run(BenchContext context) {
    int assets = context.quick ? 100_000 : 1_000_000;
    int rounds = 2;
    DatabaseUrl url = context.server.createMigratedDatabase("seed_bench_bulk");
    Path csv = context.work.resolve("assets.csv");
    String columns = Arrays.stream(ASSETS.fields()).map(Field::getName).collect(Collectors.joining(", "));
    boolean psql = BenchContext.onPath("psql") != null;
    Stats ours = new Stats();
    Stats copy = new Stats();
    Stats insert = new Stats();
    Stats heap = new Stats();
    boolean exported = false;
    for (int round = 0; round < rounds; round++) {
      List<String> order = round % 2 == 0 ? List.of("seeder", "copy", "insert") : List.of("insert", "copy", "seeder");
      for (String which : order) {
        BenchServer.emptyTenants(url);
        switch (which) {
          case "seeder" -> {
            String[] measured = context.run(childJvm(url, assets)).strip().split(" ");
            ours.add(Double.parseDouble(measured[0]));
            heap.add(Double.parseDouble(measured[1]) / (1024 * 1024));
            if (!exported && psql) {
              context.run(context.psql(url, "-c", "\\copy (SELECT " + columns + " FROM migration.assets) TO '"
                  + csv + "' WITH (FORMAT csv)"));
              exported = true;
            }
          }
          case "copy" -> {
            if (!exported) {
              continue; // no psql, or not yet: the CSV is the seeder's rows, exported after its first load
            }
            Seeder.forDataSource(url.dataSource()).seed(graph(0));
            copy.add(context.timeProcess(context.psql(url, "-c",
                "\\copy migration.assets (" + columns + ") FROM '" + csv + "' WITH (FORMAT csv)")));
          }
          default -> {
            Seeder.forDataSource(url.dataSource()).seed(graph(0));
            insert.add(batchedInsert(url, assets));
          }
        }
        context.log("bulk load round " + (round + 1) + " " + which + " done");
      }
    }
    context.server.dropDatabase("seed_bench_bulk");
    String name = "bulk load: " + String.format("%,d", assets) + " assets";
    List<Result> results = new ArrayList<>();
    double oursRate = assets / ours.median();
    if (copy.count() > 0) {
      double copyRate = assets / copy.median();
      double ratio = oursRate / copyRate;
      results.add(new Result(name + " vs psql \\copy", Result.rate(oursRate) + " (" + Result.seconds(ours.median()) + ")",
          Result.rate(copyRate) + " (" + Result.seconds(copy.median()) + ")", ratio, "of \\copy's rate",
          ">= 0.8x", ratio >= 0.8 ? Result.Verdict.MET : Result.Verdict.MISSED,
          "seeder " + ours.spread("%.2f s") + "; \\copy " + copy.spread("%.2f s")));
    } else {
      results.add(new Result(name + " vs psql \\copy", Result.rate(oursRate), "psql not on PATH", Double.NaN, "",
          ">= 0.8x", Result.Verdict.INFO, "no psql: the \\copy baseline was not run"));
    }
    double insertRate = assets / insert.median();
    results.add(new Result(name + " vs batched INSERT", Result.rate(oursRate),
        Result.rate(insertRate) + " (" + Result.seconds(insert.median()) + ")", oursRate / insertRate,
        "of INSERT's rate", "(none)", Result.Verdict.INFO, "INSERT " + insert.spread("%.2f s")
            + "; reWriteBatchedInserts, 1,000 rows a batch, generation included as for the seeder"));
    results.add(new Result(name + ": seeder peak heap", String.format("%.0f MB", heap.max()), "-", Double.NaN, "",
        "< 512 MB", heap.max() < 512 ? Result.Verdict.MET : Result.Verdict.MISSED,
        "child JVM -Xmx512m; sum of heap pools' peaks, " + heap.spread("%.0f MB")));
    return results;
  }

  static TenantGraph graph(long assets) {
    return ScaleTenant.FIXTURE.build(ScaleTenant.FIXTURE.canonicalTenantId(),
        ScaleTenant.FIXTURE.parameters(Map.of("engagements", "1", "assets", String.valueOf(assets), "flows", "1")));
  }

  private static double batchedInsert(DatabaseUrl url, int assets) {
    PGSimpleDataSource dataSource = (PGSimpleDataSource) url.dataSource();
    dataSource.setReWriteBatchedInserts(true);
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement scope = connection.prepareStatement("SELECT set_config('app.client_id', ?, true)")) {
        scope.setString(1, ScaleTenant.FIXTURE.canonicalTenantId().toString());
        scope.execute();
      }
      long written = RawJdbc.insert(connection, ASSETS, RawJdbc.records(graph(assets), ASSETS), 1_000);
      connection.commit();
      if (written != assets) {
        throw new IllegalStateException("inserted " + written + " assets, not " + assets);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("batched INSERT: " + e.getMessage(), e);
    }
    return Stats.since(started);
  }

  private static List<String> childJvm(DatabaseUrl url, int assets) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
        url.unmasked(), String.valueOf(assets));
  }

  /** Seeds the scale tenant and prints "seconds peakHeapBytes". */
  public static final class Child {
    public static void main(String[] args) {
      DatabaseUrl url = DatabaseUrl.parse(args[0]);
      TenantGraph graph = graph(Long.parseLong(args[1]));
      Seeder seeder = Seeder.forDataSource(url.dataSource());
      System.gc();
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long started = System.nanoTime();
      seeder.seed(graph);
      double seconds = Stats.since(started);
      long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
      System.out.println(seconds + " " + peak);
    }
  }
}
