package io.tenantseed.cli;

import static io.tenantseed.cli.SeedProcess.absent;
import static io.tenantseed.cli.SeedProcess.purgeLogRows;
import static io.tenantseed.cli.SeedProcess.tenantRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.internal.Bookkeeping;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and kill against a real {@code seed purge} process, at moments made observable by
 * a lock the test holds: one line on stderr says what was kept, the exit code is 130 for
 * SIGINT and 143 for SIGTERM, and the database agrees with the line.
 */
@Timeout(300)
class InterruptionTest {

  private static final Duration LONG = Duration.ofMinutes(2);
  private static final UUID TENANT = TechCorp.TENANT_ID;

  @TempDir
  Path home;

  private ScratchDatabase database;
  private DatabaseUrl url;

  @BeforeEach
  void seededDatabase() {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    Cli seed = Cli.against(url, home);
    assertThat(seed.run("migrate").exitCode()).isZero();
    assertThat(seed.run("load", "techcorp").exitCode()).isZero();
  }

  @AfterEach
  void dropDatabase() {
    SeedProcess.destroyAll();
    database.close();
  }

  @Test
  void sigintBeforeTheCommitSaysNothingWasKeptAndKeepsTheTenant() throws Exception {
    Map<String, Long> before = tenantRows(url, TENANT);
    try (Connection blocker = url.dataSource().getConnection()) {
      // The tenant's advisory lock, held here, stops the purge at its first round trip, after the plan is printed.
      try (PreparedStatement lock = blocker.prepareStatement("select pg_advisory_lock(?, ?)")) {
        lock.setInt(1, Bookkeeping.LOCK_NAMESPACE);
        lock.setInt(2, Bookkeeping.lockKey(TENANT));
        lock.executeQuery().close();
      }
      SeedProcess purge = SeedProcess.start(url, home, "purge", "--tenant", TENANT.toString(), "--yes");
      awaitWaiting(purge, "advisory");

      purge.signal("INT");

      assertThat(purge.exitCode(LONG)).as(purge.toString()).isEqualTo(130);
      assertThat(purge.out()).as(purge.toString()).contains("Purge plan for 1 tenant");
      assertThat(purge.err()).as(purge.toString()).isEqualTo("seed: interrupted: nothing was kept\n");
      try (PreparedStatement unlock = blocker.prepareStatement("select pg_advisory_unlock_all()")) {
        unlock.executeQuery().close();
      }
    }
    SeedProcess.awaitNoOtherBackends(url, LONG);
    assertThat(tenantRows(url, TENANT)).isEqualTo(before);
    assertThat(purgeLogRows(url, TENANT)).isZero();
  }

  @Test
  void sigtermWhileTheCommitIsUnderWaySaysItMayHaveCompletedAndTheDatabaseAgrees() throws Exception {
    Map<String, Long> before = tenantRows(url, TENANT);
    try (Connection blocker = url.dataSource().getConnection()) {
      blocker.setAutoCommit(false);
      // A row lock held here stops the purge inside its deletes, which carry the commit with them.
      try (PreparedStatement lock = blocker.prepareStatement(
          "select 1 from migration.assets where client_account_id = ? limit 1 for update")) {
        lock.setObject(1, TENANT);
        lock.executeQuery().close();
      }
      SeedProcess purge = SeedProcess.start(url, home, "purge", "--tenant", TENANT.toString(), "--yes");
      awaitWaiting(purge, "transactionid");

      purge.signal("TERM");

      assertThat(purge.exitCode(LONG)).as(purge.toString()).isEqualTo(143);
      assertThat(purge.err()).as(purge.toString()).isEqualTo("seed: interrupted while committing: the purge may have"
          + " completed, see `seed status` / seed_meta.purge_log\n");
      blocker.rollback();
    }
    SeedProcess.awaitNoOtherBackends(url, LONG);
    // Whole or gone, and logged exactly when gone: what "may have completed" promises.
    Map<String, Long> after = tenantRows(url, TENANT);
    if (absent(after)) {
      assertThat(purgeLogRows(url, TENANT)).isOne();
    } else {
      assertThat(after).isEqualTo(before);
      assertThat(purgeLogRows(url, TENANT)).isZero();
    }
  }

  @Test
  void onceInterruptedNoCommitIsSentSoNothingWasKeptStaysTrue() throws Exception {
    Map<String, Long> before = tenantRows(url, TENANT);
    Interruption interruption = new Interruption();
    interruption.begin("the purge");
    assertThat(interruption.interrupt()).isEqualTo("interrupted: nothing was kept");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.tenantseed.purge.Purger.forDataSource(url.dataSource())
            .listener(interruption).purge(java.util.List.of(TENANT), io.tenantseed.purge.PurgeOptions.DEFAULT))
        .isInstanceOf(CliException.class);

    assertThat(tenantRows(url, TENANT)).isEqualTo(before);
    assertThat(interruption.message()).isEqualTo("interrupted: nothing was kept");
  }

  /** Waits until a backend of the database waits for a lock of {@code lockType} (not the test's own). */
  private void awaitWaiting(SeedProcess process, String lockType) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + LONG.toNanos();
    try (Connection connection = url.dataSource().getConnection();
         PreparedStatement statement = connection.prepareStatement("select count(*) from pg_locks l"
             + " join pg_stat_activity a on a.pid = l.pid and a.datname = current_database()"
             + " where l.locktype = ? and not l.granted and l.pid <> pg_backend_pid()")) {
      statement.setString(1, lockType);
      while (System.nanoTime() < deadline) {
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          if (result.getLong(1) > 0) {
            return;
          }
        }
        if (process.waitFor(Duration.ofMillis(5))) {
          throw new AssertionError("seed ended before it waited for the lock\n" + process);
        }
      }
    }
    throw new AssertionError("seed did not wait for a " + lockType + " lock within " + LONG + "\n" + process);
  }
}
