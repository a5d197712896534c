package io.tenantseed.cli;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.ScaleTenant;
import io.tenantseed.graph.TenantGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jooq.Table;

/**
 * The seed command as a process of its own (a JVM on this test's classpath, so that it can
 * be killed like any process a user runs), plus what the reliability tests ask of a
 * database: a tenant's rows per table, and waiting until a killed client's backends are gone.
 */
final class SeedProcess {

  /** Every process started and not yet known to have ended, so that a failed test leaves none behind. */
  private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Process process;
  private final Path out;
  private final Path err;

  private SeedProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code seed args...} against {@code url}, writing its output to files in {@code dir}. */
  static SeedProcess start(DatabaseUrl url, Path dir, String... args) {
    return start(url, dir, "256m", Map.of(), null, args);
  }

  /** {@link #start} with a heap of at most {@code maxHeap} ({@code -Xmx} syntax, e.g. {@code 96m}). */
  static SeedProcess startInHeap(DatabaseUrl url, Path dir, String maxHeap, String... args) {
    return start(url, dir, maxHeap, Map.of(), null, args);
  }

  /**
   * {@link #start(DatabaseUrl, Path, String...)} with {@code environment} added (a locale, say)
   * and stdout going to {@code stdout} ({@code /dev/full}, say) when it is not null.
   */
  static SeedProcess start(DatabaseUrl url, Path dir, Map<String, String> environment, java.io.File stdout,
      String... args) {
    return start(url, dir, "256m", environment, stdout, args);
  }

  private static SeedProcess start(DatabaseUrl url, Path dir, String maxHeap, Map<String, String> environment,
      java.io.File stdout, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    try {
      String name = UUID.randomUUID().toString();
      Path out = dir.resolve(name + ".out");
      Path err = dir.resolve(name + ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout == null ? out.toFile() : stdout)
          .redirectError(err.toFile());
      builder.environment().remove("DATABASE_URL");
      builder.environment().putAll(environment);
      builder.environment().put("SEED_DATABASE_URL", url.unmasked());
      Process process = builder.start();
      STARTED.add(process);
      process.onExit().thenRun(() -> STARTED.remove(process));
      return new SeedProcess(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills every process still running; for {@code @AfterEach}. */
  static void destroyAll() {
    STARTED.forEach(Process::destroyForcibly);
  }

  /**
   * Waits until a backend of {@code url}'s database holds tenant-seed's advisory lock on a
   * tenant (taken first in every seed and purge transaction and held to its end), and
   * returns {@link System#nanoTime()} then; -1 when the process ended first.
   */
  long awaitTransaction(DatabaseUrl url, Duration timeout) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection connection = url.dataSource().getConnection();
         PreparedStatement statement = connection.prepareStatement("select count(*) from pg_locks l"
             + " join pg_database d on d.oid = l.database and d.datname = current_database()"
             + " where l.locktype = 'advisory' and l.classid = ? and l.granted and l.pid <> pg_backend_pid()")) {
      statement.setInt(1, io.tenantseed.internal.Bookkeeping.LOCK_NAMESPACE);
      while (System.nanoTime() < deadline) {
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          if (result.getLong(1) > 0) {
            return System.nanoTime();
          }
        }
        if (!process.isAlive()) {
          return -1;
        }
        Thread.sleep(2);
      }
    }
    throw new AssertionError("seed opened no transaction within " + timeout + "\n" + this);
  }

  /** Waits up to {@code timeout}; true when the process ended by itself. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** SIGKILL: no shutdown hook, no finally block, no goodbye to the server. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Sends {@code signal} ({@code INT}, {@code TERM}) to the process, as a shell's Ctrl-C or kill would. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -" + signal + " " + process.pid() + " failed\n" + this);
    }
  }

  /** The exit code, waiting at most {@code timeout} for it. */
  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("seed did not finish within " + timeout + "\n" + this);
    }
    return process.exitValue();
  }

  String out() {
    return read(out);
  }

  String err() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "--- stdout\n" + out() + "--- stderr\n" + err();
  }

  /**
   * Rows of {@code tenant} in every table of the platform schema with a client_account_id
   * column (read from the catalog), in client_accounts, and its registry row in seed_meta.
   */
  static Map<String, Long> tenantRows(DatabaseUrl url, UUID tenant) throws SQLException {
    Map<String, Long> rows = new TreeMap<>();
    try (Connection connection = url.dataSource().getConnection()) {
      List<String> tables = new ArrayList<>();
      try (Statement statement = connection.createStatement();
           ResultSet result = statement.executeQuery("select c.table_name from information_schema.columns c"
               + " where c.table_schema = 'migration' and c.column_name = 'client_account_id' order by 1")) {
        while (result.next()) {
          tables.add(result.getString(1));
        }
      }
      for (String table : tables) {
        rows.put(table, count(connection, "select count(*) from migration." + table + " where client_account_id = ?", tenant));
      }
      rows.put("client_accounts", count(connection, "select count(*) from migration.client_accounts where id = ?", tenant));
      rows.put("seed_meta.tenants", count(connection, "select count(*) from seed_meta.tenants where tenant_id = ?", tenant));
    }
    return rows;
  }

  /** The tenant's rows in seed_meta.purge_log: one per purge that committed. */
  static long purgeLogRows(DatabaseUrl url, UUID tenant) throws SQLException {
    try (Connection connection = url.dataSource().getConnection()) {
      return count(connection, "select count(*) from seed_meta.purge_log where tenant_id = ?", tenant);
    }
  }

  private static long count(Connection connection, String sql, UUID tenant) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, tenant);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** {@code seed load scale} with {@code assets} assets under {@code tenant}, then {@code more} arguments. */
  static String[] loadScale(UUID tenant, int assets, String... more) {
    List<String> args = new ArrayList<>(List.of("load", "scale", "--set", "assets=" + assets, "--tenant-id", tenant.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The rows a complete scale tenant of {@code assets} assets has, per table, as {@link #tenantRows} counts them. */
  static Map<String, Long> completeScaleTenant(UUID tenant, int assets) {
    TenantGraph graph = ScaleTenant.FIXTURE.build(tenant, ScaleTenant.FIXTURE.parameters(Map.of("assets", String.valueOf(assets))));
    Map<String, Long> rows = new TreeMap<>();
    rows.putAll(graph.rowCounts());
    rows.put("seed_meta.tenants", 1L);
    return rows;
  }

  /** Every count zero: the tenant is not there at all. */
  static boolean absent(Map<String, Long> rows) {
    return rows.values().stream().allMatch(count -> count == 0);
  }

  /**
   * Waits until no backend but the caller's is connected to {@code url}'s database, so that
   * whatever a killed client left running has ended (committed or rolled back) before the
   * test looks.
   */
  static void awaitNoOtherBackends(DatabaseUrl url, Duration timeout) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection connection = url.dataSource().getConnection();
         PreparedStatement statement = connection.prepareStatement("select count(*) from pg_stat_activity"
             + " where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'")) {
      while (true) {
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          if (result.getLong(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("backends of a killed client still run after " + timeout);
        }
        Thread.sleep(20);
      }
    }
  }
}
