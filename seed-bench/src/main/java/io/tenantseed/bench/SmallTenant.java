package io.tenantseed.bench;

import io.tenantseed.db.DatabaseUrl;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link SmallTenantBenchmark} under JMH in a forked JVM and compares its two methods. */
final class SmallTenant {

  private SmallTenant() {}

  static List<Result> run(BenchContext context) throws RunnerException {
    DatabaseUrl url = context.server.createMigratedDatabase("seed_bench_small");
    Options options = new OptionsBuilder()
        .include(SmallTenantBenchmark.class.getName() + "\\.")
        .forks(1)
        .warmupIterations(context.quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
        .measurementIterations(context.quick ? 3 : 6).measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend("-D" + SmallTenantBenchmark.URL_PROPERTY + "=" + url.unmasked())
        .shouldFailOnError(true)
        .output(context.work.resolve("jmh.log").toString()) // JMH's own report; the table is ours
        .build();
    Collection<RunResult> results = new Runner(options).run();
    context.server.dropDatabase("seed_bench_small");
    RunResult ours = find(results, "seeder");
    RunResult baseline = find(results, "handWrittenJdbc");
    double oursMs = ours.getPrimaryResult().getScore();
    double baselineMs = baseline.getPrimaryResult().getScore();
    double ratio = oursMs / baselineMs;
    return List.of(new Result("small tenant (TechCorp, ~60 rows) vs hand-written JDBC", Result.millis(oursMs),
        Result.millis(baselineMs), ratio, "the time", "<= 1.5x",
        ratio <= 1.5 ? Result.Verdict.MET : Result.Verdict.MISSED,
        String.format(Locale.ROOT, "JMH average time, warm connection; seeder ±%.3f ms, JDBC ±%.3f ms (99.9%%)",
            ours.getPrimaryResult().getScoreError(), baseline.getPrimaryResult().getScoreError())));
  }

  private static RunResult find(Collection<RunResult> results, String method) {
    return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method)).findFirst()
        .orElseThrow(() -> new IllegalStateException("JMH gave no result for " + method));
  }
}
