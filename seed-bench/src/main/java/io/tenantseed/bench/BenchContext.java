package io.tenantseed.bench;

import io.tenantseed.db.DatabaseUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What every benchmark gets: the server, the mode, a scratch directory, and a way to run programs. */
final class BenchContext {

  final BenchServer server;
  final boolean quick;
  final Path work;
  final Path home;

  BenchContext(BenchServer server, boolean quick, Path work, Path home) {
    this.server = server;
    this.quick = quick;
    this.work = work;
    this.home = home;
  }

  void log(String message) {
    System.err.println("bench: " + message);
  }

  /** The full path of {@code program} on the PATH, or null. */
  static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs a program to completion and returns its wall time in seconds; a non-zero exit fails the benchmark. */
  double timeProcess(List<String> command) {
    long started = System.nanoTime();
    run(command);
    return Stats.since(started);
  }

  /** Runs a program, returning its standard output; stderr goes to a log file in the work directory. */
  String run(List<String> command) {
    try {
      Path log = work.resolve("process.log");
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
          .start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", redact(command)) + " failed (exit "
            + (process.isAlive() ? "timeout" : process.exitValue()) + "): " + Files.readString(log).strip());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** psql against {@code url}, quiet, stopping at the first error. */
  List<String> psql(DatabaseUrl url, String... arguments) {
    List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url.unmasked()));
    command.addAll(List.of(arguments));
    return command;
  }

  private static List<String> redact(List<String> command) {
    return command.stream().map(DatabaseUrl::redact).toList();
  }
}
