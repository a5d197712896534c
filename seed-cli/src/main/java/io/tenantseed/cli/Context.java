package io.tenantseed.cli;

import io.tenantseed.db.DatabaseSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of the command sees of the world: environment variables, the directory that
 * holds {@code .seed/} and {@code migrations/}, whether a person is at a terminal, and the
 * streams. Tests build their own; {@link #system()} is the real one.
 *
 * @param environment the environment variables
 * @param home the project directory ({@code bin/seed} passes the checkout; else the working directory)
 * @param interactive whether stdin and stdout are a terminal, so that questions can be asked
 * @param in answers to questions
 * @param out results
 * @param err messages, errors and progress
 * @param defaultUrl the database used when none is configured and no embedded server runs
 */
public record Context(Map<String, String> environment, Path home, boolean interactive, BufferedReader in,
    PrintWriter out, PrintWriter err, String defaultUrl) {

  public static Context system() {
    String home = System.getProperty("seed.home");
    return new Context(System.getenv(), Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize(),
        System.console() != null, new BufferedReader(new InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)),
        StdoutWriter.system(), new PrintWriter(System.err, true), DatabaseSettings.DEFAULT_URL);
  }
}
