package io.tenantseed.junit;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where an expected export is read from, and where {@code -Dtenantseed.expected=update}
 * writes it: a class path resource is read where the build copied it ({@code
 * target/test-classes/X}, Gradle's {@code build/resources/test/X}) and written to its source,
 * {@code src/test/resources/X}; a path is both.
 *
 * <pre>
 * ExpectedFile file = ExpectedFile.resolve("expected/after-import.json", loader);
 * file.read();      // target/test-classes/expected/after-import.json
 * file.source();    // src/test/resources/expected/after-import.json
 * </pre>
 *
 * @param name how the test named it, for messages
 * @param read the file compared with, or null when there is none yet
 * @param source the file an update writes, or null when it cannot be told (the message says why)
 * @param why why {@code source} is null
 */
record ExpectedFile(String name, Path read, Path source, String why) {

  /** {@code resourceOrPath} as a class path resource of {@code loader}, else as a path. */
  static ExpectedFile resolve(String resourceOrPath, ClassLoader loader) {
    String resource = resourceOrPath.startsWith("/") ? resourceOrPath.substring(1) : resourceOrPath;
    URL url = loader == null ? null : loader.getResource(resource);
    if (url != null) {
      if (!"file".equals(url.getProtocol())) {
        return new ExpectedFile(resourceOrPath, null, null, "resource " + url + " is not a file");
      }
      Path built;
      try {
        built = Paths.get(url.toURI());
      } catch (URISyntaxException e) {
        return new ExpectedFile(resourceOrPath, null, null, "resource " + url + " is not a file");
      }
      return ofResource(resourceOrPath, resource, built);
    }
    Path path = Path.of(resourceOrPath);
    if (Files.exists(path) || path.isAbsolute()) {
      return of(path);
    }
    // Neither yet: an update creates it among the test resources, where the next build finds it.
    Path resources = Path.of("src", "test", "resources");
    return Files.isDirectory(resources)
        ? new ExpectedFile(resourceOrPath, null, resources.resolve(resource), null)
        : new ExpectedFile(resourceOrPath, null, path, null);
  }

  /** A file given as a path: read and written there. */
  static ExpectedFile of(Path path) {
    return new ExpectedFile(path.toString(), Files.exists(path) ? path : null, path, null);
  }

  /** Resource {@code resource} found at {@code built}, written back to its source when there is one. */
  static ExpectedFile ofResource(String name, String resource, Path built) {
    Path root = built;
    for (int i = Path.of(resource).getNameCount(); i > 0 && root != null; i--) {
      root = root.getParent();
    }
    Path source = null;
    if (root != null && root.endsWith(Path.of("target", "test-classes"))) {
      source = root.getParent().getParent().resolve(Path.of("src", "test", "resources")).resolve(resource);
    } else if (root != null && root.endsWith(Path.of("build", "resources", "test"))) {
      source = root.getParent().getParent().getParent().resolve(Path.of("src", "test", "resources")).resolve(resource);
    }
    return source == null
        ? new ExpectedFile(name, built, null, "resource " + built + " is not under target/test-classes"
            + " (Maven) or build/resources/test (Gradle), so its source file is unknown; give matchesExport a Path")
        : new ExpectedFile(name, built, source, null);
  }
}
