package io.tenantseed.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "db", mixinStandardHelpOptions = true,
    description = "An embedded PostgreSQL 15 for machines without one: runs in the background, data in .seed/pg,"
        + " durably (fsync, synchronous_commit and full_page_writes on, PostgreSQL's defaults).",
    subcommands = {DbCommand.Start.class, DbCommand.Stop.class, DbCommand.Status.class})
final class DbCommand extends BaseCommand {

  @Override
  int run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a subcommand: start, stop or status");
  }

  /** The data directory option all three share. */
  abstract static class ServerCommand extends BaseCommand {
    @Option(names = "--data", paramLabel = "DIR", description = "The data directory (default: .seed/pg).")
    Path data;

    Path dataDirectory() {
      return (data != null ? data : EmbeddedServer.defaultDataDirectory(context().home())).toAbsolutePath().normalize();
    }

    Map<String, Object> document(EmbeddedServer.Status status) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("running", status.running());
      document.put("dataDirectory", status.dataDirectory().toString());
      if (status.running()) {
        document.put("pid", status.pid());
        document.put("port", status.port());
        document.put("url", status.url().toString());
      }
      return document;
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = "Start the embedded server (initialising its data directory on first use); it keeps running"
          + " after this command.")
  static final class Start extends ServerCommand {
    @Option(names = "--port", paramLabel = "N", description = "The port (default: ${DEFAULT-VALUE}).")
    int port = EmbeddedServer.DEFAULT_PORT;

    @Override
    int run() {
      if (port < 1 || port > 65_535) {
        throw CliException.badInput("--port must be from 1 to 65535, not " + port);
      }
      EmbeddedServer.Status before = EmbeddedServer.status(dataDirectory());
      EmbeddedServer.Status status = EmbeddedServer.start(dataDirectory(), port, "choose another with --port");
      out().line((before.running() ? "Already running" : "Started") + ": PostgreSQL 15 at " + status.url()
          + " (pid " + status.pid() + ", data in " + status.dataDirectory() + ").");
      out().result(document(status));
      return 0;
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the embedded server (fast shutdown).")
  static final class Stop extends ServerCommand {
    @Override
    int run() {
      boolean stopped = EmbeddedServer.stop(dataDirectory(), Duration.ofSeconds(60));
      out().line(stopped ? "Stopped the embedded PostgreSQL of " + dataDirectory() + "."
          : "No embedded PostgreSQL runs from " + dataDirectory() + ".");
      out().result(Map.of("stopped", stopped, "dataDirectory", dataDirectory().toString()));
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Say whether the embedded server runs.")
  static final class Status extends ServerCommand {
    @Override
    int run() {
      EmbeddedServer.Status status = EmbeddedServer.status(dataDirectory());
      out().line(status.running() ? "Running: PostgreSQL 15 at " + status.url() + " (pid " + status.pid()
          + ", data in " + status.dataDirectory() + ")." : "Not running (data directory " + dataDirectory() + ").");
      out().result(document(status));
      return 0;
    }
  }
}
