package io.tenantseed.cli;

import io.tenantseed.ErrorCode;
import io.tenantseed.db.DatabaseUrl;
import io.tenantseed.internal.EmbeddedBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The development PostgreSQL 15 of {@code seed db start}: the Maven-packaged binaries the
 * tests use, run by {@code pg_ctl} as a background server that outlives the command, with
 * its data in {@code .seed/pg} and its log in {@code .seed/postgres.log}. Whether it runs is
 * read from PostgreSQL's own {@code postmaster.pid}, so any later command finds it. Unlike the
 * test suites' throw-away servers it runs durably, with PostgreSQL's defaults ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on).
 */
final class EmbeddedServer {

  /** The port the embedded server listens on unless told otherwise. */
  static final int DEFAULT_PORT = 54320;
  /** The database the development tenants live in. */
  static final String DATABASE = "seed_dev";

  private EmbeddedServer() {}

  /**
   * What {@code postmaster.pid} says.
   *
   * @param running whether the process it names is alive
   * @param pid the postmaster's process id (0 if none)
   * @param port the port it listens on (0 if none)
   * @param dataDirectory the data directory
   */
  record Status(boolean running, long pid, int port, Path dataDirectory) {

    /** The development database on this server. */
    DatabaseUrl url() {
      return DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + port + "/" + DATABASE);
    }
  }

  static Path defaultDataDirectory(Path home) {
    return home.resolve(".seed").resolve("pg");
  }

  static Status status(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() >= 4) {
        long pid = Long.parseLong(lines.get(0).strip());
        int port = Integer.parseInt(lines.get(3).strip());
        boolean alive = ProcessHandle.of(pid).filter(EmbeddedServer::isPostgres).isPresent()
            && answers("127.0.0.1", port, Duration.ofMillis(500));
        return new Status(alive, alive ? pid : 0, alive ? port : 0, dataDirectory);
      }
    } catch (IOException | NumberFormatException e) {
      // no server, or a file being written: not running
    }
    return new Status(false, 0, 0, dataDirectory);
  }

  /**
   * Whether the process is a live postgres: after a crash or a reboot, postmaster.pid can
   * name a process id that now belongs to something else.
   */
  private static boolean isPostgres(ProcessHandle process) {
    return process.isAlive() && process.info().command()
        .map(command -> Path.of(command).getFileName().toString().startsWith("postgres")).orElse(true);
  }

  /** The running server of {@code dataDirectory}, if any. */
  static Optional<Status> running(Path dataDirectory) {
    Status status = status(dataDirectory);
    return status.running() ? Optional.of(status) : Optional.empty();
  }

  /**
   * Starts the server (initialising the data directory on first use) and leaves it running.
   * Returns the status of the server that was already running, if one was.
   *
   * @param portHint what to tell the user when the port is taken
   */
  static Status start(Path dataDirectory, int port, String portHint) {
    return start(dataDirectory, port, portHint, EmbeddedBinaries.ofThisMachine());
  }

  /**
   * As {@link #start(Path, int, String)}, with the PostgreSQL binaries looked up already;
   * without binaries for this platform it fails before it touches anything.
   */
  static Status start(Path dataDirectory, int port, String portHint, EmbeddedBinaries binaries) {
    Status current = status(dataDirectory);
    if (current.running()) {
      return current;
    }
    if (!binaries.present()) {
      throw new CliException(ErrorCode.UNEXPECTED, binaries.missing(
          "run PostgreSQL yourself and give its URL with --url or SEED_DATABASE_URL"));
    }
    if (answers("127.0.0.1", port, Duration.ofMillis(300)) || !bindable(port)) {
      throw new CliException(ErrorCode.BAD_INPUT, "port " + port + " is in use; " + portHint);
    }
    if (Files.exists(dataDirectory) && !Files.isDirectory(dataDirectory)) {
      throw new CliException(ErrorCode.BAD_INPUT, "the data directory " + dataDirectory + " is a file");
    }
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new CliException(ErrorCode.BAD_INPUT, "cannot create the data directory " + dataDirectory + ": "
          + CliException.reason(e), e);
    }
    Path log = dataDirectory.resolveSibling("postgres.log");
    try {
      EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPort(port)
          .setServerConfig("listen_addresses", "127.0.0.1")
          // Durable: a developer's database must survive a power cut or a crashed VM. The
          // library starts every server with -F (fsync off) and synchronous_commit=off, which
          // suits only throw-away test servers; a -c option after -F wins.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .setOutputRedirector(Redirect.appendTo(log.toFile()))
          .setErrorRedirector(Redirect.appendTo(log.toFile()))
          .setPGStartupWait(Duration.ofSeconds(60))
          .start(); // not closed: the server is meant to outlive this process
    } catch (IOException | RuntimeException e) {
      throw new CliException(ErrorCode.UNEXPECTED, "the embedded PostgreSQL did not start (" + e.getMessage()
          + "); see " + log, e);
    }
    return status(dataDirectory);
  }

  /** Stops the server with a fast shutdown; false if none was running. */
  static boolean stop(Path dataDirectory, Duration timeout) {
    Status status = status(dataDirectory);
    if (!status.running()) {
      return false;
    }
    ProcessHandle postmaster = ProcessHandle.of(status.pid()).orElse(null);
    if (postmaster == null) {
      return false;
    }
    if (!signal("INT", status.pid())) {
      postmaster.destroy(); // SIGTERM: a smart shutdown, after the last session ends
    }
    try {
      postmaster.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CliException(ErrorCode.UNEXPECTED, "the embedded PostgreSQL (pid " + status.pid()
          + ") did not stop within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ErrorCode.UNEXPECTED, "interrupted while stopping the embedded PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new CliException(ErrorCode.UNEXPECTED, "stopping the embedded PostgreSQL failed: " + e.getCause(), e);
    }
    return true;
  }

  /** Whether something accepts TCP connections at host:port within the timeout. */
  static boolean answers(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether this process could listen on 127.0.0.1:port. */
  static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends a signal with kill(1): SIGINT asks PostgreSQL for a fast shutdown. */
  private static boolean signal(String name, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
          .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
      return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
