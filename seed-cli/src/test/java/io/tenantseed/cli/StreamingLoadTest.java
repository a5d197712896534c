package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seed export} and {@code seed load --file} of a large tenant in a small heap: each
 * runs as a process of its own limited to 256 MB (see {@link SeedProcess}), the load to
 * 96 MB, where an export of this size read whole does not fit. The million-asset case, with rates, is in
 * {@code make bench} ({@code --only export}).
 */
@Timeout(600)
class StreamingLoadTest {

  private static final Duration LONG = Duration.ofMinutes(5);
  private static final UUID TENANT = UUID.fromString("5ca1e000-0000-4000-8000-000000050000");
  private static final int ASSETS = 50_000;

  @TempDir
  Path home;

  private ScratchDatabase database;
  private DatabaseUrl url;

  @BeforeEach
  void migratedDatabase() {
    database = TestDatabase.shared().createEmptyDatabase();
    url = database.url();
    assertThat(Cli.against(url, home).run("migrate").exitCode()).isZero();
  }

  @AfterEach
  void dropDatabase() {
    SeedProcess.destroyAll();
    database.close();
  }

  @Test
  void aLargeExportLoadsBackByteIdenticalInA96MegabyteHeap() throws Exception {
    run(SeedProcess.loadScale(TENANT, ASSETS));
    Path first = home.resolve("first.json");
    run("export", "--tenant", TENANT.toString(), "--out", first.toString());
    run("purge", "--tenant", TENANT.toString(), "--yes");
    assertThat(SeedProcess.absent(SeedProcess.tenantRows(url, TENANT))).isTrue();

    SeedProcess load = SeedProcess.startInHeap(url, home, "96m", "load", "--file", first.toString());
    assertThat(load.exitCode(LONG)).as("load --file in 96 MB\n" + load).isZero();

    assertThat(SeedProcess.tenantRows(url, TENANT)).containsEntry("assets", (long) ASSETS);
    Path second = home.resolve("second.json");
    run("export", "--tenant", TENANT.toString(), "--out", second.toString());
    assertThat(Files.size(second)).isGreaterThan(ASSETS * 500L);
    assertThat(Files.mismatch(first, second)).as("first byte that differs").isEqualTo(-1L);
  }

  private void run(String... args) throws InterruptedException {
    SeedProcess seed = SeedProcess.start(url, home, args);
    assertThat(seed.exitCode(LONG)).as(String.join(" ", args) + "\n" + seed).isZero();
  }
}
