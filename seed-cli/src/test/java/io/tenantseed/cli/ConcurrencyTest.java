package io.tenantseed.cli;

import static io.tenantseed.cli.SeedProcess.absent;
import static io.tenantseed.cli.SeedProcess.completeScaleTenant;
import static io.tenantseed.cli.SeedProcess.loadScale;
import static io.tenantseed.cli.SeedProcess.tenantRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many seeds at once: distinct tenants in threads and in processes, one tenant from two
 * sides, a purge beside readers and seeders of other tenants, migrations from two processes.
 * Every run ends with exact counts and no deadlock (each test has a timeout).
 *
 * <p>Tagged {@code reliability}: run by {@code ./mvnw verify -P reliability} and by CI.
 */
@Tag("reliability")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConcurrencyTest {

  private static final int ASSETS = 2_000;
  private static final Duration LONG = Duration.ofMinutes(3);

  @TempDir
  static Path home;

  private static ScratchDatabase database;
  private static DatabaseUrl url;
  private static Cli seed;

  @BeforeAll
  static void migratedDatabase() {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    seed = Cli.against(url, home);
    assertThat(seed.run("migrate").exitCode()).isZero();
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @org.junit.jupiter.api.AfterEach
  void noProcessLeftBehind() {
    SeedProcess.destroyAll();
  }

  @Test
  void sixteenLoadsOfDistinctTenantsInThreadsAllSucceedWithExactCounts() throws Exception {
    List<UUID> tenants = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      tenants.add(UUID.randomUUID());
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Cli.Run>> runs = new ArrayList<>();
      for (UUID tenant : tenants) {
        runs.add(pool.submit(() -> {
          start.await();
          return seed.run(loadScale(tenant, ASSETS));
        }));
      }
      start.countDown();
      for (Future<Cli.Run> run : runs) {
        Cli.Run done = run.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(done.exitCode()).as(done.toString()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    for (UUID tenant : tenants) {
      assertThat(tenantRows(url, tenant)).as(tenant.toString()).containsAllEntriesOf(completeScaleTenant(tenant, ASSETS));
    }
  }

  @Test
  void sixteenLoadsOfDistinctTenantsInProcessesAllSucceedWithExactCounts() throws Exception {
    List<UUID> tenants = new ArrayList<>();
    List<SeedProcess> processes = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      UUID tenant = UUID.randomUUID();
      tenants.add(tenant);
      processes.add(SeedProcess.start(url, home, loadScale(tenant, ASSETS)));
    }
    for (SeedProcess process : processes) {
      assertThat(process.exitCode(LONG)).as(process.toString()).isZero();
    }
    for (UUID tenant : tenants) {
      assertThat(tenantRows(url, tenant)).as(tenant.toString()).containsAllEntriesOf(completeScaleTenant(tenant, ASSETS));
    }
  }

  @Test
  void twoLoadsOfOneTenantAtOnceSucceedOnceAndTheOtherSaysItExists() throws Exception {
    for (int round = 0; round < 3; round++) {
      UUID tenant = UUID.randomUUID();
      List<Cli.Run> runs = both(() -> seed.run(loadScale(tenant, ASSETS)));

      assertThat(runs).extracting(Cli.Run::exitCode).as(runs.toString()).containsExactlyInAnyOrder(0, 6);
      assertThat(runs).filteredOn(run -> run.exitCode() == 6).singleElement()
          .satisfies(run -> assertThat(run.err()).contains("exists"));
      assertThat(tenantRows(url, tenant)).containsAllEntriesOf(completeScaleTenant(tenant, ASSETS));

      UUID other = UUID.randomUUID();
      List<Cli.Run> ifAbsent = both(() -> seed.run(loadScale(other, ASSETS, "--if-absent")));

      assertThat(ifAbsent).extracting(Cli.Run::exitCode).as(ifAbsent.toString()).containsOnly(0);
      assertThat(ifAbsent).extracting(run -> run.out().contains("Unchanged ")).as(ifAbsent.toString())
          .containsExactlyInAnyOrder(true, false);
      assertThat(tenantRows(url, other)).containsAllEntriesOf(completeScaleTenant(other, ASSETS));
    }
    // And from two processes.
    UUID tenant = UUID.randomUUID();
    SeedProcess one = SeedProcess.start(url, home, loadScale(tenant, ASSETS));
    SeedProcess two = SeedProcess.start(url, home, loadScale(tenant, ASSETS));
    assertThat(List.of(one.exitCode(LONG), two.exitCode(LONG))).as(one + "\n" + two).containsExactlyInAnyOrder(0, 6);
    assertThat(tenantRows(url, tenant)).containsAllEntriesOf(completeScaleTenant(tenant, ASSETS));
  }

  private static List<Cli.Run> both(java.util.concurrent.Callable<Cli.Run> run) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Future<Cli.Run> first = pool.submit(() -> {
        start.await();
        return run.call();
      });
      Future<Cli.Run> second = pool.submit(() -> {
        start.await();
        return run.call();
      });
      start.countDown();
      return List.of(first.get(LONG.toMillis(), TimeUnit.MILLISECONDS), second.get(LONG.toMillis(), TimeUnit.MILLISECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPurgeBesideReadersAndSeedersOfOtherTenantsLeavesThemUntouched() throws Exception {
    UUID purged = UUID.randomUUID();
    UUID read = UUID.randomUUID();
    assertThat(seed.run(loadScale(purged, 50_000)).exitCode()).isZero();
    assertThat(seed.run(loadScale(read, ASSETS)).exitCode()).isZero();
    Map<String, Long> readRows = tenantRows(url, read);
    List<UUID> seeded = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());

    AtomicBoolean purging = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> reader = pool.submit(() -> {
        int reads = 0;
        while (purging.get() || reads < 5) {
          assertThat(tenantRows(url, read)).as("the other tenant, read during the purge").isEqualTo(readRows);
          reads++;
        }
        return reads;
      });
      Future<?> seeder = pool.submit(() -> {
        for (UUID tenant : seeded) {
          SeedProcess process = SeedProcess.start(url, home, loadScale(tenant, ASSETS));
          assertThat(process.exitCode(LONG)).as(process.toString()).isZero();
        }
        return null;
      });
      SeedProcess purge = SeedProcess.start(url, home, "purge", "--tenant", purged.toString(), "--yes");
      assertThat(purge.exitCode(LONG)).as(purge.toString()).isZero();
      seeder.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
      purging.set(false);
      assertThat(reader.get(LONG.toMillis(), TimeUnit.MILLISECONDS)).isPositive();
    } finally {
      purging.set(false);
      pool.shutdownNow();
    }
    assertThat(absent(tenantRows(url, purged))).isTrue();
    assertThat(tenantRows(url, read)).isEqualTo(readRows);
    for (UUID tenant : seeded) {
      assertThat(tenantRows(url, tenant)).containsAllEntriesOf(completeScaleTenant(tenant, ASSETS));
    }
  }

  @Test
  void migrationsStartedFromTwoProcessesAtOnceApplyOnceAndLeaveAValidHistory() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (ScratchDatabase empty = TestDatabase.shared().createEmptyDatabase()) {
        int files = Migrator.forDataSource(empty.url().dataSource()).status().pending().size();
        SeedProcess one = SeedProcess.start(empty.url(), home, "migrate");
        SeedProcess two = SeedProcess.start(empty.url(), home, "migrate");

        assertThat(one.exitCode(LONG)).as(one.toString()).isZero();
        assertThat(two.exitCode(LONG)).as(two.toString()).isZero();
        // Flyway locks each schema's history on its own: one process may apply the platform's
        // migrations and the other seed_meta's, but together every file, once each.
        String both = one.out() + two.out();
        java.util.regex.Matcher applied = java.util.regex.Pattern.compile("Applied (\\d+) migration").matcher(both);
        int total = 0;
        while (applied.find()) {
          total += Integer.parseInt(applied.group(1));
        }
        assertThat(total).as(both).isEqualTo(files);
        try (Connection connection = empty.url().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet history = statement.executeQuery("select count(*), count(distinct version), bool_and(success) from ("
                 + "select version, success from migration.flyway_schema_history where type = 'SQL' union all "
                 + "select 'meta' || version, success from seed_meta.flyway_schema_history where type = 'SQL') h")) {
          history.next();
          assertThat(history.getInt(1)).isEqualTo(files);
          assertThat(history.getInt(2)).isEqualTo(files);
          assertThat(history.getBoolean(3)).isTrue();
        }
        Migrator.forDataSource(empty.url().dataSource()).validate();
      }
    }
  }
}
