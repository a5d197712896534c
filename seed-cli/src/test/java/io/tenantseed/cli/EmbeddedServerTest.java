package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tenantseed.db.DatabaseUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seed db start|status|stop, and init-dev-db on a machine where no PostgreSQL answers. */
class EmbeddedServerTest {

  @TempDir
  Path home;

  @AfterEach
  void stopServer() {
    EmbeddedServer.stop(EmbeddedServer.defaultDataDirectory(home), Duration.ofSeconds(60));
  }

  @Test
  void theServerOutlivesStartIsFoundByLaterCommandsAndStops() throws Exception {
    int port = freePort();
    Cli seed = new Cli(Map.of(), home, "postgresql://postgres@127.0.0.1:" + freePort() + "/seed_dev");

    assertThat(seed.run("db", "status").out()).startsWith("Not running");
    Cli.Run start = seed.run("db", "start", "--port", String.valueOf(port));
    assertThat(start.exitCode()).as(start.toString()).isZero();
    assertThat(start.out()).startsWith("Started: PostgreSQL 15 at postgresql://postgres@127.0.0.1:" + port + "/seed_dev");
    assertThat(EmbeddedServer.answers("127.0.0.1", port, Duration.ofSeconds(1))).isTrue();
    assertThat(seed.run("db", "start", "--port", String.valueOf(port)).out()).startsWith("Already running");

    Cli.Run init = seed.run("init-dev-db");
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.out()).contains("Created database seed_dev.", "Seeded TechCorp Solutions",
        "(from the embedded server of .seed/pg)");
    assertThat(seed.run("status").out()).contains("Tenants      2");

    Cli.Run stop = seed.run("db", "stop");
    assertThat(stop.out()).startsWith("Stopped");
    assertThat(EmbeddedServer.answers("127.0.0.1", port, Duration.ofSeconds(1))).isFalse();
    assertThat(seed.run("db", "status").out()).startsWith("Not running");
    assertThat(seed.run("db", "stop").out()).startsWith("No embedded PostgreSQL runs");
  }

  @Test
  void theDevelopmentServerIsDurableWithPostgresDefaults() throws Exception {
    int port = freePort();
    Cli.Run start = new Cli(Map.of(), home, "postgresql://postgres@127.0.0.1:1/seed_dev")
        .run("db", "start", "--port", String.valueOf(port));
    assertThat(start.exitCode()).as(start.toString()).isZero();

    DataSource server = DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + port + "/postgres").dataSource();
    try (Connection connection = server.getConnection(); Statement statement = connection.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
        try (ResultSet value = statement.executeQuery("show " + setting)) {
          assertThat(value.next()).isTrue();
          assertThat(value.getString(1)).as(setting).isEqualTo("on");
        }
      }
    }
  }

  @Test
  void initDevDbStartsTheEmbeddedServerWhenNothingIsConfiguredAndNothingAnswers() throws Exception {
    assumeTrue(EmbeddedServer.bindable(EmbeddedServer.DEFAULT_PORT), "port " + EmbeddedServer.DEFAULT_PORT + " is taken");
    Cli seed = new Cli(Map.of(), home, "postgresql://postgres@127.0.0.1:" + freePort() + "/seed_dev");

    Cli.Run init = seed.run("init-dev-db");

    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.err()).contains("started the embedded PostgreSQL 15 on 127.0.0.1:" + EmbeddedServer.DEFAULT_PORT);
    assertThat(init.out()).contains("Seeded TechCorp Solutions", "Seeded Global Retail Inc");
    assertThat(seed.run("init-dev-db").out()).contains("Nothing to do");
  }

  @Test
  void aStalePidFileNamingAnotherProcessIsNotARunningServer() throws Exception {
    java.nio.file.Path data = EmbeddedServer.defaultDataDirectory(home);
    java.nio.file.Files.createDirectories(data);
    java.nio.file.Files.writeString(data.resolve("postmaster.pid"),
        ProcessHandle.current().pid() + "\n" + data + "\n1700000000\n" + freePort() + "\n");

    assertThat(EmbeddedServer.status(data).running()).isFalse();
    assertThat(new Cli(Map.of(), home, "postgresql://postgres@127.0.0.1:1/x").run("db", "stop").out())
        .startsWith("No embedded PostgreSQL runs");
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  void aPortInUseIsBadInput() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Cli.Run run = new Cli(Map.of(), home, "postgresql://postgres@127.0.0.1:1/x")
          .run("db", "start", "--port", String.valueOf(taken.getLocalPort()));

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("port " + taken.getLocalPort() + " is in use");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
