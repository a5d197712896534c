package io.tenantseed.cli;

import io.tenantseed.db.DatabaseUrl;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** Runs the seed command in-process with a chosen environment, capturing what it prints. */
final class Cli {

  /** What a run printed and returned. */
  record Run(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private final Map<String, String> environment;
  private final Path home;
  private final String defaultUrl;

  Cli(Map<String, String> environment, Path home, String defaultUrl) {
    this.environment = Map.copyOf(environment);
    this.home = home;
    this.defaultUrl = defaultUrl;
  }

  /** A command line whose database is {@code url} (as SEED_DATABASE_URL), run in {@code home}. */
  static Cli against(DatabaseUrl url, Path home) {
    return new Cli(Map.of("SEED_DATABASE_URL", url.unmasked()), home, "postgresql://postgres@127.0.0.1:1/none");
  }

  Run run(String... args) {
    return run(false, "", args);
  }

  /** A run not at a terminal, with {@code input} on stdin. */
  Run withStdin(String input, String... args) {
    return run(false, input, args);
  }

  /** A run at a terminal, answering questions with {@code input}. */
  Run interactive(String input, String... args) {
    return run(true, input, args);
  }

  private Run run(boolean interactive, String input, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context context = new Context(environment, home, interactive, new BufferedReader(new StringReader(input)),
        new PrintWriter(out, true), new PrintWriter(err, true), defaultUrl);
    int code = SeedCommand.execute(context, args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Rows per table of the application schema and seed_meta: equal snapshots mean nothing changed. */
  static Map<String, Long> snapshot(DatabaseUrl url) throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection connection = url.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      try (ResultSet tables = statement.executeQuery("select schemaname || '.' || tablename from pg_tables"
          + " where schemaname in ('migration', 'seed_meta') and tablename <> 'flyway_schema_history'")) {
        while (tables.next()) {
          counts.put(tables.getString(1), 0L);
        }
      }
      for (String table : counts.keySet()) {
        try (ResultSet count = statement.executeQuery("select count(*), coalesce(sum(hashtext(t::text)), 0) from "
            + table + " t")) {
          count.next();
          counts.put(table, count.getLong(1) * 1_000_003L + count.getLong(2));
        }
      }
    }
    return counts;
  }
}
