package io.tenantseed.bench;

import io.tenantseed.db.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark 5: {@code bin/seed init-dev-db} as a user runs it, whole process: on an empty
 * database (migrate + two fixtures) and again on the initialised one, against
 * {@code psql -f} of a dump of the database the first run produced.
 */
final class Cli {

  private Cli() {}

  static List<Result> run(BenchContext context) {
    Path seed = context.home.resolve("bin/seed");
    if (!Files.isExecutable(seed) || !Files.exists(context.home.resolve("seed-cli/target/seed.jar"))) {
      return List.of(new Result("CLI: bin/seed init-dev-db", "-", "-", Double.NaN, "", "<= 3 s / <= 1.5 s",
          Result.Verdict.INFO, "not run: build the seed command first (make seed)"));
    }
    boolean tools = BenchContext.onPath("psql") != null && BenchContext.onPath("pg_dump") != null;
    int rounds = context.quick ? 2 : 5;
    Path dump = context.work.resolve("init-dev-db.sql");
    Stats first = new Stats();
    Stats second = new Stats();
    Stats restore = new Stats();
    for (int round = 0; round < rounds; round++) {
      DatabaseUrl url = context.server.createDatabase("seed_bench_cli");
      List<String> command = List.of(seed.toString(), "--url", url.unmasked(), "init-dev-db");
      first.add(context.timeProcess(command));
      second.add(context.timeProcess(command));
      if (tools && round == 0) {
        context.run(List.of("pg_dump", "--no-owner", "--no-privileges", "-f", dump.toString(), "-d", url.unmasked()));
      }
      context.server.dropDatabase("seed_bench_cli");
      if (tools) {
        DatabaseUrl empty = context.server.createDatabase("seed_bench_cli_restore");
        restore.add(context.timeProcess(context.psql(empty, "-f", dump.toString())));
        context.server.dropDatabase("seed_bench_cli_restore");
      }
    }
    String baseline = tools ? Result.seconds(restore.median()) + " (psql -f)" : "psql/pg_dump not on PATH";
    double firstRatio = tools ? first.median() / restore.median() : Double.NaN;
    double secondRatio = tools ? second.median() / restore.median() : Double.NaN;
    List<Result> results = new ArrayList<>();
    results.add(new Result("CLI: init-dev-db on an empty database", Result.seconds(first.median()), baseline,
        firstRatio, "the time", "<= 3 s", first.median() <= 3 ? Result.Verdict.MET : Result.Verdict.MISSED,
        "whole process (JVM start, create database, 5 migrations, 2 fixtures) " + first.spread("%.2f s")
            + (tools ? "; psql -f of its dump " + restore.spread("%.2f s") : "")));
    results.add(new Result("CLI: init-dev-db again (nothing to do)", Result.seconds(second.median()), baseline,
        secondRatio, "the time", "<= 1.5 s", second.median() <= 1.5 ? Result.Verdict.MET : Result.Verdict.MISSED,
        "whole process " + second.spread("%.2f s")));
    return results;
  }
}
