package io.tenantseed.testing;

import io.tenantseed.migrate.MigrationLint;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tests know of the platform's migrations, read from {@code migrations/} (the build
 * names it in the system property {@code tenantseed.migrations.dir}), so that no test
 * counts the files or names the latest version of the day it was written. Also where the
 * test-only migration that follows them lives ({@code tenantseed.evolution.dir}).
 *
 * <pre>
 * PlatformMigrations.latestVersion();             // "003" while migrations/ ends with V003__...
 * PlatformMigrations.nextFileName("wave_label");  // "V004__wave_label.sql" then
 * </pre>
 */
public final class PlatformMigrations {

  private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

  private PlatformMigrations() {}

  /** The project's {@code migrations/} directory. */
  public static Path directory() {
    return Path.of(System.getProperty("tenantseed.migrations.dir"));
  }

  /**
   * The directory of the test-only migration applied after {@code migrations/}
   * ({@code V900__assets_ai_summary_and_assessments.sql}), for
   * {@link TestDatabase#createMigratedDatabaseWith(Path)}.
   */
  public static Path evolutionDirectory() {
    return Path.of(System.getProperty("tenantseed.evolution.dir"));
  }

  /** The versioned SQL files of {@code migrations/}, in version order. */
  public static List<Path> files() {
    return MigrationLint.migrationFiles(directory()).stream()
        .filter(file -> VERSIONED.matcher(file.getFileName().toString()).matches())
        .sorted(Comparator.comparingInt(PlatformMigrations::version))
        .toList();
  }

  /** The latest version, as Flyway records it and the reports print it ({@code "003"}). */
  public static String latestVersion() {
    List<Path> files = files();
    String name = files.get(files.size() - 1).getFileName().toString();
    return name.substring(1, name.indexOf("__"));
  }

  /** The name the next migration of {@code migrations/} would have, for a copy of it in a test. */
  public static String nextFileName(String description) {
    List<Path> files = files();
    return String.format("V%03d__%s.sql", version(files.get(files.size() - 1)) + 1, description);
  }

  private static int version(Path file) {
    Matcher name = VERSIONED.matcher(file.getFileName().toString());
    if (!name.matches()) {
      throw new IllegalArgumentException(file.toString());
    }
    return Integer.parseInt(name.group(1));
  }
}
