package io.tenantseed.bench;

import static io.tenantseed.schema.migration.Tables.ASSETS;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.ScaleTenant;
import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.seed.Seeder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Benchmark: {@code seed export} and {@code seed load --file} of the scale tenant (a million
 * assets; 100,000 in quick mode), each in a child JVM limited to 512 MB (its peak heap its
 * own), against psql's {@code \copy} of the same assets: out to a CSV file for the export,
 * and from that file into the real {@code migration.assets} (its indexes, foreign keys and
 * row-level security as they are) for the load. The goal: at least half of {@code \copy}'s
 * rate, in 512 MB.
 *
 * <pre>
 * make bench BENCH_ARGS="--only export"
 * </pre>
 */
final class ExportLoad {

  private ExportLoad() {}

  static List<Result> run(BenchContext context) {
    int assets = context.quick ? 100_000 : 1_000_000;
    int rounds = context.quick ? 1 : 2;
    UUID tenant = ScaleTenant.FIXTURE.canonicalTenantId();
    DatabaseUrl url = context.server.createMigratedDatabase("seed_bench_export");
    Path file = context.work.resolve("tenant-export.json");
    Path csv = context.work.resolve("export-assets.csv");
    String columns = Arrays.stream(ASSETS.fields()).map(Field::getName).collect(Collectors.joining(", "));
    boolean psql = BenchContext.onPath("psql") != null;
    Stats export = new Stats();
    Stats exportHeap = new Stats();
    Stats copyOut = new Stats();
    Stats load = new Stats();
    Stats loadHeap = new Stats();
    Stats copyIn = new Stats();
    BenchServer.emptyTenants(url);
    Seeder.forDataSource(url.dataSource()).seed(BulkLoad.graph(assets));
    for (int round = 0; round < rounds; round++) {
      String[] measured = context.run(child(url, "export", file)).strip().split(" ");
      export.add(Double.parseDouble(measured[0]));
      exportHeap.add(Double.parseDouble(measured[1]) / (1024 * 1024));
      if (psql) {
        copyOut.add(context.timeProcess(context.psql(url, "-c", "\\copy (SELECT " + columns
            + " FROM migration.assets WHERE client_account_id = '" + tenant + "') TO '" + csv + "' WITH (FORMAT csv)")));
      }
      context.log("export round " + (round + 1) + " done (" + String.format("%,d", size(file)) + " bytes)");
    }
    for (int round = 0; round < rounds; round++) {
      BenchServer.emptyTenants(url);
      String[] measured = context.run(child(url, "load", file)).strip().split(" ");
      load.add(Double.parseDouble(measured[0]));
      loadHeap.add(Double.parseDouble(measured[1]) / (1024 * 1024));
      if (psql) {
        BenchServer.emptyTenants(url);
        Seeder.forDataSource(url.dataSource()).seed(BulkLoad.graph(0));
        copyIn.add(context.timeProcess(context.psql(url, "-c",
            "\\copy migration.assets (" + columns + ") FROM '" + csv + "' WITH (FORMAT csv)")));
      }
      context.log("load --file round " + (round + 1) + " done");
    }
    context.server.dropDatabase("seed_bench_export");
    String name = String.format("%,d", assets) + " assets";
    List<Result> results = new ArrayList<>();
    results.add(versus("export: " + name + " vs psql \\copy out", assets, export, copyOut));
    results.add(heap("export: " + name + ": peak heap", exportHeap));
    results.add(versus("load --file: " + name + " vs psql \\copy in", assets, load, copyIn));
    results.add(heap("load --file: " + name + ": peak heap", loadHeap));
    return results;
  }

  private static Result versus(String name, int assets, Stats ours, Stats copy) {
    double oursRate = assets / ours.median();
    if (copy.count() == 0) {
      return new Result(name, Result.rate(oursRate), "psql not on PATH", Double.NaN, "", ">= 0.5x",
          Result.Verdict.INFO, "no psql: the \\copy baseline was not run");
    }
    double copyRate = assets / copy.median();
    double ratio = oursRate / copyRate;
    return new Result(name, Result.rate(oursRate) + " (" + Result.seconds(ours.median()) + ")",
        Result.rate(copyRate) + " (" + Result.seconds(copy.median()) + ")", ratio, "of \\copy's rate", ">= 0.5x",
        ratio >= 0.5 ? Result.Verdict.MET : Result.Verdict.MISSED,
        "seed " + ours.spread("%.2f s") + "; \\copy " + copy.spread("%.2f s") + "; every table of the tenant, assets' rate");
  }

  private static Result heap(String name, Stats heap) {
    return new Result(name, String.format("%.0f MB", heap.max()), "-", Double.NaN, "", "< 512 MB",
        heap.max() < 512 ? Result.Verdict.MET : Result.Verdict.MISSED,
        "child JVM -Xmx512m; sum of heap pools' peaks, " + heap.spread("%.0f MB"));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> child(DatabaseUrl url, String what, Path file) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Child.class.getName(),
        url.unmasked(), what, file.toString());
  }

  /**
   * {@code export FILE} writes the scale tenant's export to FILE, as {@code seed export} does;
   * {@code load FILE} reads and seeds it, as {@code seed load --file} does. Prints
   * "seconds peakHeapBytes".
   */
  public static final class Child {
    public static void main(String[] args) throws IOException {
      DatabaseUrl url = DatabaseUrl.parse(args[0]);
      Path file = Path.of(args[2]);
      System.gc();
      List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long started = System.nanoTime();
      if (args[1].equals("export")) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          CanonicalExport.write(DSL.using(url.dataSource(), SQLDialect.POSTGRES), ScaleTenant.FIXTURE.canonicalTenantId(),
              out);
        }
      } else {
        TenantGraph graph = CanonicalImport.read(file, url.dataSource());
        Seeder.forDataSource(url.dataSource()).seed(graph);
      }
      double seconds = Stats.since(started);
      long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
      System.out.println(seconds + " " + peak);
    }
  }
}
