package io.tenantseed.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.testing.TestDatabase.Containers;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The container path is taken only with Testcontainers' PostgreSQL module: with its core
 * alone, a Docker engine must not lead to a NoClassDefFoundError but to the next choice.
 */
class TestcontainersGateTest {

  @Test
  void testcontainersCoreWithoutThePostgresqlModuleIsNotEnough() throws Exception {
    try (URLClassLoader coreOnly = loaderOf(Containers.DOCKER_CLIENT_FACTORY)) {
      assertThat(TestDatabase.present(Containers.DOCKER_CLIENT_FACTORY, coreOnly)).isTrue();
      assertThat(Containers.postgresqlModulePresent(className -> TestDatabase.present(className, coreOnly))).isFalse();
    }
  }

  @Test
  void thePostgresqlModuleWhoseDependenciesAreMissingCountsAsAbsent() throws Exception {
    try (URLClassLoader moduleOnly = loaderOf(Containers.POSTGRESQL_CONTAINER)) {
      assertThat(TestDatabase.present(Containers.POSTGRESQL_CONTAINER, moduleOnly)).isFalse();
      assertThat(Containers.postgresqlModulePresent(className -> TestDatabase.present(className, moduleOnly))).isFalse();
    }
  }

  @Test
  void testcontainersOneOrNoTestcontainersAtAllIsNotEnough() {
    assertThat(Containers.postgresqlModulePresent(Containers.DOCKER_CLIENT_FACTORY::equals)).isFalse();
    assertThat(Containers.postgresqlModulePresent(className -> false)).isFalse();
  }

  @Test
  void thePostgresqlModuleOnTheClassPathOpensTheContainerPath() {
    ClassLoader here = TestDatabase.class.getClassLoader();

    assertThat(Containers.postgresqlModulePresent(className -> TestDatabase.present(className, here))).isTrue();
  }

  /** A class loader with only the jar that holds {@code className}, over the JDK. */
  private static URLClassLoader loaderOf(String className) throws ClassNotFoundException {
    URL jar = Class.forName(className, false, TestDatabase.class.getClassLoader())
        .getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {jar}, null);
  }
}
