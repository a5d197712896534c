package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Which database a Spring test class seeds into: the one DataSource bean or the
 * {@code @Primary} one, else a clear error naming the class and the beans; a registered
 * {@code forDataSource} before the context's; the shared test database, as before, for a class
 * without SpringExtension although Spring is on the class path.
 */
class SpringDataSourceChoiceTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  /** The context's database, apart from the shared one; and one that nothing migrated. */
  static ScratchDatabase contextDatabase;
  static ScratchDatabase unmigrated;

  @BeforeAll
  static void createDatabases() {
    contextDatabase = TestDatabase.shared().createDatabase();
    unmigrated = TestDatabase.shared().createEmptyDatabase();
  }

  @AfterAll
  static void dropDatabases() {
    contextDatabase.close();
    unmigrated.close();
  }

  /** Rows of the class's tenant in the context's database and in the shared one. */
  static void record(Class<?> testClass, Tenant tenant) {
    SEEN.put(testClass.getSimpleName(), List.of(Rows.of(contextDatabase.dataSource(), tenant.id()) > 0,
        Rows.of(tenant.id()) > 0));
  }

  @Configuration
  static class TwoDataSources {
    @Bean
    DataSource reporting() {
      return TestDatabase.shared().dataSource();
    }

    @Bean
    DataSource application() {
      return contextDatabase.dataSource();
    }
  }

  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(TwoDataSources.class)
  static class TwoDataSourceBeans {
    @Test void neverRuns() {}
  }

  @Test
  void twoDataSourcesWithoutAPrimaryOneFailTheClassNamingTheBeans() {
    Engine.run(TwoDataSourceBeans.class).containerEvents().assertThatEvents().haveExactly(1,
        event(container(TwoDataSourceBeans.class), finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
            message("@SeedTenant on " + TwoDataSourceBeans.class.getName() + ": its Spring ApplicationContext has 2 "
                + "DataSource beans (application, reporting) and none of them is @Primary: mark the one to seed into "
                + "@Primary, or register SeedExtension.forDataSource(...) with it"))));
    assertThat(Rows.of(Tenant.idFor(TwoDataSourceBeans.class, "techcorp"))).isZero();
  }

  @Configuration
  static class PrimaryOfTwo extends TwoDataSources {
    @Bean
    @Primary
    @Override
    DataSource application() {
      return contextDatabase.dataSource();
    }
  }

  /** Spring through @ExtendWith and @ContextConfiguration, not the composed @SpringJUnitConfig. */
  @ExtendWith(SpringExtension.class)
  @ContextConfiguration(classes = PrimaryOfTwo.class)
  @SeedTenant(fixture = "techcorp")
  static class PrimaryDataSource {
    @Test
    void seeded(Tenant tenant) {
      record(PrimaryDataSource.class, tenant);
    }
  }

  @Test
  void ofTwoDataSourcesThePrimaryOneIsSeeded() {
    Engine.run(PrimaryDataSource.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(SEEN).containsEntry("PrimaryDataSource", List.of(true, false));
  }

  @Configuration
  static class NoDataSource {
  }

  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(NoDataSource.class)
  static class WithoutDataSource {
    @Test void neverRuns() {}
  }

  @Test
  void aContextWithoutADataSourceFailsTheClass() {
    Engine.run(WithoutDataSource.class).containerEvents().assertThatEvents().haveExactly(1,
        event(container(WithoutDataSource.class), finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
            message("@SeedTenant on " + WithoutDataSource.class.getName() + ": the class runs with SpringExtension, "
                + "but its ApplicationContext has no DataSource bean to seed into: declare one, or register "
                + "SeedExtension.forDataSource(...)"))));
  }

  @Configuration
  static class UnmigratedDatabase {
    @Bean
    DataSource dataSource() {
      return unmigrated.dataSource();
    }
  }

  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(UnmigratedDatabase.class)
  static class ContextNotMigrated {
    @Test void neverRuns() {}
  }

  @SeedTenant(fixture = "techcorp")
  static class RegisteredNotMigrated {
    @RegisterExtension
    static SeedExtension seed = SeedExtension.forDataSource(unmigrated.dataSource());

    @Test void neverRuns() {}
  }

  @Test
  void aContextWhoseDatabaseIsNotMigratedFailsAsARegisteredDataSourceDoes() {
    String registered = classFailure(RegisteredNotMigrated.class)
        .replace(Tenant.idFor(RegisteredNotMigrated.class, "techcorp").toString(), "ID");
    String spring = classFailure(ContextNotMigrated.class)
        .replace(Tenant.idFor(ContextNotMigrated.class, "techcorp").toString(), "ID");

    assertThat(registered).startsWith("seeding tenant ID (TechCorp Solutions) failed: the database is not migrated");
    assertThat(spring).isEqualTo(registered);
  }

  private static String classFailure(Class<?> testClass) {
    return Engine.run(testClass).containerEvents().failed().stream()
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .map(Throwable::getMessage).findFirst().orElse("the class did not fail");
  }

  @Configuration
  static class ContextDatabase {
    @Bean
    DataSource dataSource() {
      return contextDatabase.dataSource();
    }
  }

  /** The class's own forDataSource (here the shared database) wins over the context's. */
  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(ContextDatabase.class)
  static class RegisteredAndSpring {
    @RegisterExtension
    static SeedExtension seed = SeedExtension.forDataSource(TestDatabase.shared().dataSource());

    @Test
    void seeded(Tenant tenant) {
      record(RegisteredAndSpring.class, tenant);
    }
  }

  @Test
  void aRegisteredDataSourceWinsOverTheContexts() {
    Engine.run(RegisteredAndSpring.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(SEEN).containsEntry("RegisteredAndSpring", List.of(false, true));
  }

  @SeedTenant(fixture = "techcorp")
  static class WithoutSpring {
    @Test
    void seeded(Tenant tenant) {
      record(WithoutSpring.class, tenant);
    }
  }

  @Test
  void aClassWithoutSpringExtensionSeedsTheSharedTestDatabaseAsBefore() {
    Engine.run(WithoutSpring.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(SEEN).containsEntry("WithoutSpring", List.of(false, true));
    assertThat(SpringTestClass.runsWithSpring(WithoutSpring.class)).isFalse();
    assertThat(SpringTestClass.runsWithSpring(PrimaryDataSource.class)).isTrue();
  }
}
