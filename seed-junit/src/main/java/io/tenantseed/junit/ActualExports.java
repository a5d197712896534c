package io.tenantseed.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.List;

/**
 * Where a failed {@link TenantAssertions} comparison writes the tenant's actual export, next
 * to the test reports: {@code <reports>/<test class>/<expected file's path>.actual.json}, where
 * {@code <reports>} is the system property {@value #REPORTS_DIR} when set, else
 * {@code target/tenant-seed} of the Maven module whose {@code target/test-classes} holds the
 * test class ({@code build/tenant-seed} for Gradle's {@code build/classes/...}), else
 * {@code target/tenant-seed} or {@code build/tenant-seed} of the working directory when it
 * has a {@code pom.xml} or a Gradle build file, else {@code tenant-seed} in the temporary
 * directory.
 *
 * <pre>
 * Path written = ActualExports.write(MyTest.class, "expected/after-import.json", json);
 * </pre>
 */
final class ActualExports {

  /** The system property naming the reports directory. */
  static final String REPORTS_DIR = "tenantseed.reportsDir";

  private ActualExports() {}

  /**
   * Writes {@code export} as the actual state of a comparison of {@code testClass} with
   * {@code expected}: under the expected file's own relative path (so that
   * {@code a/state.json} and {@code b/state.json} do not meet), or its name for an absolute
   * path, written whole to a temporary file and moved into place, so that a reader never sees
   * half of it.
   */
  static Path write(Class<?> testClass, String expected, String export) {
    Path file = reports(testClass).resolve(testClass == null ? "tests" : testClass.getName())
        .resolve(actualName(expected)).toAbsolutePath();
    try {
      Files.createDirectories(file.getParent());
      Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
      try {
        Files.writeString(partial, export, StandardCharsets.UTF_8);
        try {
          Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the actual export to " + file + ": " + e.getMessage(), e);
    }
    return file;
  }

  /**
   * {@code expected/after-import.json} as {@code expected/after-import.actual.json}; an absolute
   * path, or one with {@code ..} or a drive, by its name alone.
   */
  static String actualName(String expected) {
    String path = expected.replace('\\', '/');
    Path relative = path.startsWith("/") || path.contains(":") || List.of(path.split("/")).contains("..")
        ? Path.of(expected).getFileName() : Path.of(path);
    String name = relative.toString();
    name = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
    return name + ".actual.json";
  }

  static Path reports(Class<?> testClass) {
    String property = System.getProperty(REPORTS_DIR);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    Path classes = classesOf(testClass);
    for (Path at = classes; at != null; at = at.getParent()) {
      Path name = at.getFileName();
      if (name != null && (name.toString().equals("target") || name.toString().equals("build"))
          && at.getParent() != null && (Files.exists(at.getParent().resolve("pom.xml"))
              || Files.exists(at.getParent().resolve("build.gradle"))
              || Files.exists(at.getParent().resolve("build.gradle.kts")))) {
        return at.resolve("tenant-seed");
      }
    }
    Path here = Path.of("").toAbsolutePath();
    if (Files.exists(here.resolve("pom.xml"))) {
      return here.resolve("target").resolve("tenant-seed");
    }
    if (Files.exists(here.resolve("build.gradle")) || Files.exists(here.resolve("build.gradle.kts"))) {
      return here.resolve("build").resolve("tenant-seed");
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "tenant-seed");
  }

  private static Path classesOf(Class<?> testClass) {
    if (testClass == null) {
      return null;
    }
    CodeSource source = testClass.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
      return null;
    }
    try {
      return Paths.get(source.getLocation().toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
