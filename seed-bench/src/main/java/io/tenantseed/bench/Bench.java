package io.tenantseed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code make bench}: every benchmark against its baseline on one PostgreSQL, one table, and
 * {@code seed-bench/target/bench-results.json}.
 *
 * <pre>
 * java -jar seed-bench/target/seed-bench.jar [--quick] [--only bulk,export,small,isolation,purge,cli,junit]
 * </pre>
 *
 * Exit code 0 when every benchmark ran (a missed target is reported in the table, not as a
 * failure), 1 when one could not run, 2 for bad arguments.
 */
public final class Bench {

  private static final List<String> ALL = List.of("small", "isolation", "purge", "junit", "cli", "bulk", "export");

  private Bench() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>(ALL);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> {
          if (i + 1 == args.length) {
            usage("--only needs a list, e.g. --only small,purge");
          }
          only = new LinkedHashSet<>(List.of(args[++i].split(",")));
          for (String name : only) {
            if (!ALL.contains(name)) {
              usage("unknown benchmark '" + name + "' (benchmarks: " + String.join(", ", ALL) + ")");
            }
          }
        }
        case "-h", "--help" -> {
          System.out.println("usage: seed-bench [--quick] [--only " + String.join(",", ALL) + "]");
          return;
        }
        default -> usage("unknown argument '" + args[i] + "'");
      }
    }
    Path home = Path.of(System.getProperty("tenantseed.home", ".")).toAbsolutePath().normalize();
    Path work = home.resolve("seed-bench/target/bench");
    Files.createDirectories(work);
    List<Result> results = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    long started = System.nanoTime();
    String server;
    String version;
    try (BenchServer bench = BenchServer.start(System.getenv())) {
      server = bench.description();
      version = serverVersion(bench);
      BenchContext context = new BenchContext(bench, quick, work, home);
      context.log("PostgreSQL " + version + ": " + server + (quick ? "; quick mode" : ""));
      for (String name : ALL) {
        if (!only.contains(name)) {
          continue;
        }
        context.log("running " + name);
        try {
          results.addAll(switch (name) {
            case "bulk" -> BulkLoad.run(context);
            case "export" -> ExportLoad.run(context);
            case "small" -> SmallTenant.run(context);
            case "isolation" -> Isolation.run(context);
            case "purge" -> PurgeAtScale.run(context);
            case "cli" -> Cli.run(context);
            default -> JUnitSuiteBench.run(context);
          });
        } catch (Exception | AssertionError e) {
          failed.add(name + ": " + e);
          context.log(name + " failed: " + e);
        }
      }
    }
    double seconds = Stats.since(started);
    String date = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    Map<String, Object> machine = machine(version, server);
    System.out.println(table(results));
    System.out.printf(Locale.ROOT, "%s, %s; %d cores, %s; %.0f s%s%n", date.substring(0, 10), machine.get("os"),
        machine.get("cores"), machine.get("memory"), seconds, quick ? " (quick)" : "");
    failed.forEach(f -> System.out.println("NOT RUN " + f));
    write(home.resolve("seed-bench/target/bench-results.json"), date, quick, seconds, machine, results, failed);
    System.exit(failed.isEmpty() ? 0 : 1);
  }

  private static void usage(String message) {
    System.err.println("seed-bench: " + message);
    System.exit(2);
  }

  static String table(List<Result> results) {
    String[] headers = {"benchmark", "ours", "baseline", "ratio", "target", "verdict"};
    List<String[]> rows = new ArrayList<>();
    for (Result r : results) {
      rows.add(new String[] {r.benchmark(), r.ours(), r.baseline(), r.ratioText(), r.target(), r.verdict().name()});
    }
    int[] widths = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      widths[i] = headers[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, headers, widths);
    String[] rule = new String[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rule[i] = "-".repeat(widths[i]);
    }
    appendRow(out, rule, widths);
    rows.forEach(row -> appendRow(out, row, widths));
    return out.toString().stripTrailing();
  }

  private static void appendRow(StringBuilder out, String[] cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < cells.length; i++) {
      out.append(' ').append(cells[i]).append(" ".repeat(widths[i] - cells[i].length())).append(" |");
    }
    out.append('\n');
  }

  private static String serverVersion(BenchServer bench) {
    try (Connection connection = bench.admin().dataSource().getConnection(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW server_version")) {
      row.next();
      return row.getString(1);
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static Map<String, Object> machine(String postgres, String server) {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    String memory = "unknown memory";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          memory = String.format(Locale.ROOT, "%.0f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (Exception ignored) {
      // not Linux: memory stays unknown
    }
    machine.put("memory", memory);
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    machine.put("postgres", postgres);
    machine.put("server", server);
    return machine;
  }

  private static void write(Path file, String date, boolean quick, double seconds, Map<String, Object> machine,
      List<Result> results, List<String> failed) throws java.io.IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("date", date);
    document.put("quick", quick);
    document.put("seconds", Math.round(seconds));
    document.put("machine", machine);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Result r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("benchmark", r.benchmark());
      row.put("ours", r.ours());
      row.put("baseline", r.baseline());
      row.put("ratio", Double.isNaN(r.ratio()) ? null : Math.round(r.ratio() * 1000) / 1000.0);
      row.put("ratio_meaning", r.ratioMeaning());
      row.put("target", r.target());
      row.put("verdict", r.verdict().name());
      row.put("detail", r.detail());
      rows.add(row);
    }
    document.put("results", rows);
    document.put("not_run", failed);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
  }
}
