package io.tenantseed.cli;

import static io.tenantseed.cli.SeedProcess.absent;
import static io.tenantseed.cli.SeedProcess.tenantRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real runs: the seed process killed with SIGKILL at random points of a
 * 200,000-asset load and of its purge, the server terminating the backend mid-load and
 * mid-purge, and servers that cannot be reached or refuse the password. After each, the
 * tenant is whole or absent, never partial, and the next run completes the job.
 *
 * <p>Slow (minutes): tagged {@code reliability}, run by {@code ./mvnw verify -P reliability}
 * (and by CI). The counts of what was injected go to {@code target/reliability/faults.txt}.
 */
@Tag("reliability")
class FaultInjectionTest {

  private static final int ASSETS = 200_000;
  private static final int KILLS = 10;
  private static final Duration LONG = Duration.ofMinutes(3);

  @TempDir
  static Path home;

  private static ScratchDatabase database;
  private static DatabaseUrl url;
  private static Cli seed;
  private static final Map<String, Integer> TALLY = new TreeMap<>();

  @BeforeAll
  static void migratedDatabase() {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    seed = Cli.against(url, home);
    assertThat(seed.run("migrate").exitCode()).isZero();
  }

  @AfterAll
  static void dropDatabaseAndReport() throws IOException {
    database.close();
    Path report = Path.of("target", "reliability", "faults.txt");
    Files.createDirectories(report.getParent());
    StringBuilder text = new StringBuilder();
    TALLY.forEach((what, count) -> text.append(what).append(' ').append(count).append('\n'));
    Files.writeString(report, text);
  }

  private static synchronized void tally(String what) {
    TALLY.merge(what, 1, Integer::sum);
  }

  /** The rows a complete scale tenant of {@code ASSETS} assets has. */
  private static Map<String, Long> complete(UUID tenant) {
    return SeedProcess.completeScaleTenant(tenant, ASSETS);
  }

  private static String[] load(UUID tenant, String... more) {
    return SeedProcess.loadScale(tenant, ASSETS, more);
  }

  /** Whole or absent, and nothing in between: every table agrees. */
  private static String wholeOrAbsent(UUID tenant, Map<String, Long> complete, String after) throws SQLException {
    Map<String, Long> rows = tenantRows(url, tenant);
    if (absent(rows)) {
      return "absent";
    }
    assertThat(rows).as("tenant rows after " + after + " (neither absent nor complete)").containsAllEntriesOf(complete);
    return "complete";
  }

  @Test
  void aLoadOrPurgeKilledAtARandomPointLeavesTheTenantWholeOrAbsentAndTheNextRunCompletesIt() throws Exception {
    long randomSeed = Long.getLong("tenantseed.faults.seed", System.nanoTime());
    System.out.println("FaultInjectionTest: kill points drawn with -Dtenantseed.faults.seed=" + randomSeed);
    Random random = new Random(randomSeed);
    UUID tenant = UUID.randomUUID();
    Map<String, Long> complete = complete(tenant);

    // One uninterrupted load and purge to learn how long their transactions last here.
    SeedProcess first = SeedProcess.start(url, home, load(tenant));
    long opened = first.awaitTransaction(url, LONG);
    assertThat(opened).as("the load's transaction was seen").isPositive();
    assertThat(first.exitCode(LONG)).as(first.toString()).isZero();
    long loadMillis = Math.max(1, Duration.ofNanos(System.nanoTime() - opened).toMillis());
    SeedProcess purge = SeedProcess.start(url, home, "purge", "--tenant", tenant.toString(), "--yes");
    opened = purge.awaitTransaction(url, LONG);
    assertThat(opened).as("the purge's transaction was seen").isPositive();
    assertThat(purge.exitCode(LONG)).as(purge.toString()).isZero();
    long purgeMillis = Math.max(1, Duration.ofNanos(System.nanoTime() - opened).toMillis());
    assertThat(absent(tenantRows(url, tenant))).isTrue();
    long purges = 1;

    for (int round = 0; round < KILLS; round++) {
      String context = "round " + round + " (-Dtenantseed.faults.seed=" + randomSeed + " draws the same fractions)";
      // A kill point anywhere in the transaction, or a little after it would have ended.
      long delay = (long) (random.nextDouble() * loadMillis * 1.1);
      SeedProcess loading = SeedProcess.start(url, home, load(tenant));
      if (loading.awaitTransaction(url, LONG) < 0 || loading.waitFor(Duration.ofMillis(delay))) {
        tally("load: finished before the kill");
      } else {
        loading.kill();
        tally("load: killed inside its transaction");
      }
      SeedProcess.awaitNoOtherBackends(url, Duration.ofSeconds(30));
      tally("load: tenant " + wholeOrAbsent(tenant, complete, "a load killed " + delay + " ms into it, " + context)
          + " after the kill");

      Cli.Run again = seed.run(load(tenant, "--if-absent"));
      assertThat(again.exitCode()).as(context + "\n" + again).isZero();
      assertThat(tenantRows(url, tenant)).as(context).containsAllEntriesOf(complete);

      delay = (long) (random.nextDouble() * purgeMillis * 1.1);
      SeedProcess purging = SeedProcess.start(url, home, "purge", "--tenant", tenant.toString(), "--yes");
      if (purging.awaitTransaction(url, LONG) < 0 || purging.waitFor(Duration.ofMillis(delay))) {
        tally("purge: finished before the kill");
      } else {
        purging.kill();
        tally("purge: killed inside its transaction");
      }
      SeedProcess.awaitNoOtherBackends(url, Duration.ofSeconds(30));
      String state = wholeOrAbsent(tenant, complete, "a purge killed " + delay + " ms into it, " + context);
      tally("purge: tenant " + state + " after the kill");
      if (state.equals("absent")) {
        purges++; // its commit had reached the server
      }
      assertThat(SeedProcess.purgeLogRows(url, tenant)).as(context + ": one purge_log row per purge that committed")
          .isEqualTo(purges);
      if (state.equals("complete")) {
        Cli.Run purgeAgain = seed.run("purge", "--tenant", tenant.toString(), "--yes");
        assertThat(purgeAgain.exitCode()).as(context + "\n" + purgeAgain).isZero();
        purges++;
      }
      assertThat(absent(tenantRows(url, tenant))).as(context).isTrue();
      assertThat(SeedProcess.purgeLogRows(url, tenant)).as(context).isEqualTo(purges);
    }
    assertThat(TALLY.getOrDefault("load: killed inside its transaction", 0)
        + TALLY.getOrDefault("purge: killed inside its transaction", 0))
        .as("kills that landed inside a transaction").isPositive();
  }

  @AfterEach
  void noProcessLeftBehind() {
    SeedProcess.destroyAll();
  }

  @Test
  void aBackendTerminatedMidLoadIsReportedAsUnreachableNamingTheTenantAndKeepsNothing() throws Exception {
    UUID tenant = UUID.randomUUID();
    CompletableFuture<Cli.Run> loading = CompletableFuture.supplyAsync(() -> seed.run(load(tenant)));
    terminateWhenRunning("copy %assets%", null, loading);

    Cli.Run run = loading.get();
    tally("terminated backend: load");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
    assertThat(run.err().strip()).doesNotContain("\n").startsWith("seed: ").contains(tenant.toString());
    assertThat(absent(tenantRows(url, tenant))).isTrue();

    Cli.Run next = seed.run(load(tenant));
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(tenantRows(url, tenant)).containsAllEntriesOf(complete(tenant));
    assertThat(seed.run("purge", "--tenant", tenant.toString(), "--yes").exitCode()).isZero();
  }

  @Test
  void aBackendTerminatedMidPurgeIsReportedAsUnreachableNamingTheTenantAndRemovesNothing() throws Exception {
    UUID tenant = UUID.randomUUID();
    assertThat(seed.run(load(tenant)).exitCode()).isZero();
    Map<String, Long> complete = complete(tenant);
    // A row lock held elsewhere stops the purge inside its delete, where it is terminated.
    try (Connection blocker = url.dataSource().getConnection()) {
      blocker.setAutoCommit(false);
      try (PreparedStatement lock = blocker.prepareStatement(
          "select 1 from migration.assets where client_account_id = ? limit 1 for update")) {
        lock.setObject(1, tenant);
        lock.executeQuery().close();
      }
      CompletableFuture<Cli.Run> purging =
          CompletableFuture.supplyAsync(() -> seed.run("purge", "--tenant", tenant.toString(), "--yes"));
      terminateWhenRunning("%delete from%", "Lock", purging);
      Cli.Run run = purging.get();
      blocker.rollback();

      tally("terminated backend: purge");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err().strip()).doesNotContain("\n").startsWith("seed: ").contains(tenant.toString());
    }
    assertThat(tenantRows(url, tenant)).containsAllEntriesOf(complete);

    Cli.Run next = seed.run("purge", "--tenant", tenant.toString(), "--yes");
    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(absent(tenantRows(url, tenant))).isTrue();
  }

  /** Terminates the backend of this database running a query like {@code pattern} (and waiting on {@code waitEvent}). */
  private static void terminateWhenRunning(String pattern, String waitEvent, CompletableFuture<?> run)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    try (Connection admin = url.dataSource().getConnection();
         PreparedStatement find = admin.prepareStatement("select pid from pg_stat_activity where datname = current_database()"
             + " and pid <> pg_backend_pid() and state = 'active' and query ilike ?"
             + " and (?::text is null or wait_event_type = ?)");
         PreparedStatement terminate = admin.prepareStatement("select pg_terminate_backend(?)")) {
      find.setString(1, pattern);
      find.setString(2, waitEvent);
      find.setString(3, waitEvent);
      while (System.nanoTime() < deadline) {
        if (run.isDone()) {
          throw new AssertionError("the run ended before its backend was seen running " + pattern);
        }
        try (ResultSet result = find.executeQuery()) {
          if (result.next()) {
            terminate.setInt(1, result.getInt(1));
            terminate.executeQuery().close();
            return;
          }
        }
        Thread.sleep(5);
      }
    }
    throw new AssertionError("no backend ran " + pattern + " within " + LONG);
  }

  @Test
  void unreachableServersAndRefusedPasswordsAreOneLineWithTheirOwnExitCodesAndNeverThePassword() throws Exception {
    try (ServerSocket closing = new ServerSocket(0)) {
      // "A server that goes down": accepts the connection, then closes it at once.
      Thread acceptor = new Thread(() -> {
        while (!closing.isClosed()) {
          try (Socket socket = closing.accept()) {
            socket.setSoLinger(true, 0);
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      int freePort;
      try (ServerSocket probe = new ServerSocket(0)) {
        freePort = probe.getLocalPort();
      }
      String[][] cases = {
          {"wrong port", "postgresql://postgres:s3cret-pw@127.0.0.1:" + freePort + "/seed_dev", "4"},
          {"server going down", "postgresql://postgres:s3cret-pw@127.0.0.1:" + closing.getLocalPort() + "/seed_dev", "4"},
          {"unknown host", "postgresql://postgres:s3cret-pw@no-such-host.invalid:5432/seed_dev", "4"},
          {"unknown database", url.withDatabase("no_such_db_" + UUID.randomUUID().toString().substring(0, 8))
              .withCredentials("postgres", "s3cret-pw").unmasked(), "4"},
          {"unknown user", url.withCredentials("nobody_" + UUID.randomUUID().toString().substring(0, 8), "s3cret-pw")
              .unmasked(), "5"},
      };
      for (String[] row : cases) {
        Cli.Run run = new Cli(Map.of("SEED_DATABASE_URL", row[1]), home, "postgresql://postgres@127.0.0.1:1/none")
            .run("status");
        tally("unreachable: " + row[0]);
        assertThat(run.exitCode()).as(row[0] + "\n" + run).isEqualTo(Integer.parseInt(row[2]));
        assertThat(run.err().strip()).as(row[0]).startsWith("seed: ").doesNotContain("\n").doesNotContain("s3cret-pw");
        assertThat(run.out()).as(row[0]).doesNotContain("s3cret-pw");
      }
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithTheAuthenticationExitCodeAndNeverPrinted() throws Exception {
    // A server of its own that asks for passwords (the shared one may trust everyone).
    Path hba = home.resolve("pg_hba.conf");
    Files.writeString(hba, """
        local all all trust
        host all postgres 127.0.0.1/32 trust
        host all postgres ::1/128 trust
        host all all 127.0.0.1/32 scram-sha-256
        host all all ::1/128 scram-sha-256
        """);
    try (io.zonky.test.db.postgres.embedded.EmbeddedPostgres server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
        .builder().setServerConfig("hba_file", hba.toString()).setServerConfig("password_encryption", "scram-sha-256")
        .start()) {
      try (Connection admin = server.getPostgresDatabase().getConnection()) {
        admin.createStatement().execute("create role alice login password 'right-horse-battery'");
      }
      DatabaseUrl base = DatabaseUrl.parse("postgresql://alice@127.0.0.1:" + server.getPort() + "/postgres");

      Cli.Run wrong = Cli.against(base.withCredentials("alice", "wrong-staple-9"), home).run("status");
      Cli.Run right = Cli.against(base.withCredentials("alice", "right-horse-battery"), home).run("status");
      tally("unreachable: wrong password");

      assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(5);
      assertThat(wrong.err().strip()).startsWith("seed: ").doesNotContain("\n").contains("authentication")
          .doesNotContain("wrong-staple-9");
      assertThat(right.exitCode()).as("the right password gets past authentication: " + right).isNotIn(4, 5);
      assertThat(right.out() + right.err()).doesNotContain("right-horse-battery");
    }
  }
}
