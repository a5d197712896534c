package io.tenantseed.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.tenantseed.db.DatabaseUrl;
import java.util.List;
import java.util.Locale;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Benchmark 6: twenty test classes with {@code @SeedTenant("techcorp")} run in parallel
 * through the JUnit Platform launcher, against the same twenty classes each cloning and
 * dropping a template database. Per-class overhead of the extension: on one thread, the
 * suite's time less that of the same classes seeding and purging by hand, per class.
 */
final class JUnitSuiteBench {

  private static final int CLASSES = 20;

  private JUnitSuiteBench() {}

  static List<Result> run(BenchContext context) {
    int rounds = context.quick ? 1 : 3;
    DatabaseUrl database = context.server.createMigratedDatabase("seed_bench_junit");
    if (!context.server.exists(Isolation.TEMPLATE)) {
      Isolation.template(context);
    }
    JUnitSuite.dataSource = database.dataSource();
    JUnitSuite.admin = context.server.admin();
    execute("seeded", true);
    execute("cloned", true); // warm-up of both, not counted
    Stats seeded = new Stats();
    Stats cloned = new Stats();
    Stats seededSequential = new Stats();
    Stats manualSequential = new Stats();
    for (int round = 0; round < rounds; round++) {
      if (round % 2 == 0) {
        seeded.add(execute("seeded", true));
        cloned.add(execute("cloned", true));
      } else {
        cloned.add(execute("cloned", true));
        seeded.add(execute("seeded", true));
      }
      seededSequential.add(execute("seeded", false));
      manualSequential.add(execute("manual", false));
    }
    context.server.dropDatabase("seed_bench_junit");
    double overheadMs = (seededSequential.median() - manualSequential.median()) / CLASSES * 1000;
    double faster = cloned.median() / seeded.median();
    return List.of(
        new Result("JUnit: 20 classes in parallel, @SeedTenant vs template databases", Result.seconds(seeded.median()),
            Result.seconds(cloned.median()), faster, "faster", "(report)", Result.Verdict.INFO,
            "total wall time, classes concurrent on 2 threads; @SeedTenant " + seeded.spread("%.2f s")
                + ", template clones " + cloned.spread("%.2f s")),
        new Result("JUnit: per-class overhead of the extension beyond seed + purge", Result.millis(overheadMs), "-",
            Double.NaN, "", "<= 5 ms", overheadMs <= 5 ? Result.Verdict.MET : Result.Verdict.MISSED,
            String.format(Locale.ROOT, "one thread: (%.3f s with @SeedTenant - %.3f s for the same classes seeding"
                + " and purging in @BeforeAll/@AfterAll by hand) / 20", seededSequential.median(),
                manualSequential.median())));
  }

  /** Runs the twenty classes of {@code kind}; wall time in seconds. Any failed test fails the benchmark. */
  private static double execute(String kind, boolean parallel) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(JUnitSuite.of(kind).stream().map(c -> selectClass(c)).toList())
        .configurationParameter("junit.jupiter.execution.parallel.enabled", String.valueOf(parallel))
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
        .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    long started = System.nanoTime();
    launcher.execute(request, listener);
    double seconds = Stats.since(started);
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTotalFailureCount() > 0 || summary.getTestsSucceededCount() != CLASSES) {
      java.io.StringWriter failures = new java.io.StringWriter();
      summary.printFailuresTo(new java.io.PrintWriter(failures), 5);
      throw new IllegalStateException("the " + kind + " suite did not pass: " + failures);
    }
    return seconds;
  }
}
