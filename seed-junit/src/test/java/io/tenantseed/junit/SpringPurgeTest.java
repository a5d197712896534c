package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.tenantseed.fixtures.FixtureCatalog;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.ContextHierarchy;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Purging a Spring test's tenants: a failure fails the test, a close racing the context's
 * closing waits for its purge and throws its failure; and which of a hierarchy's DataSources,
 * and which SpringExtension, count.
 */
class SpringPurgeTest {

  static ScratchDatabase contextDatabase;

  @BeforeAll
  static void createTheContextsDatabase() {
    contextDatabase = TestDatabase.shared().createDatabase();
  }

  @AfterAll
  static void dropTheContextsDatabase() {
    contextDatabase.close();
  }

  /** This class's own test's ExtensionContext, for holders made by hand. */
  static ExtensionContext current;

  @RegisterExtension
  static final Extension CAPTURE = (BeforeEachCallback) context -> current = context;

  @Configuration
  static class OwnConnection {
    @Bean
    SingleConnectionDataSource dataSource() throws SQLException {
      return new SingleConnectionDataSource(contextDatabase.dataSource().getConnection(), true);
    }
  }

  @SpringJUnitConfig(OwnConnection.class)
  @SeedTenant(fixture = "techcorp", lifecycle = SeedTenant.Lifecycle.PER_METHOD)
  @DirtiesContext
  static class BreaksTheDataSource {
    @Autowired SingleConnectionDataSource dataSource;

    @Test
    void breaks(Tenant tenant) {
      broken = tenant.id();
      dataSource.destroy();
    }

    static UUID broken;
  }

  @Test
  void aPerMethodTenantThatCannotBePurgedFailsItsTest() {
    var results = Engine.run(BreaksTheDataSource.class);

    try {
      List<Throwable> failures = results.testEvents().failed().stream()
          .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow()).toList();
      assertThat(failures).singleElement().satisfies(failure -> assertThat(failure)
          .hasStackTraceContaining("Connection was closed in SingleConnectionDataSource"));
    } finally {
      Purger.forDataSource(contextDatabase.dataSource()).purge(List.of(BreaksTheDataSource.broken),
          PurgeOptions.DEFAULT.withIfExists());
    }
  }

  @SeedTenant(fixture = "techcorp")
  static class Declares {
  }

  /** A DataSource whose connections, once blocked, wait for release and then fail. */
  static final class Blocking extends DelegatingDataSource {
    final CountDownLatch waiting = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);
    volatile boolean blocked;

    Blocking(DataSource target) {
      super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (!blocked) {
        return super.getConnection();
      }
      waiting.countDown();
      try {
        released.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new SQLException("the database went away");
    }
  }

  @Test
  void aCloseWhileTheContextsClosingPurgesWaitsForThePurgeAndThrowsItsFailure() throws Exception {
    Blocking dataSource = new Blocking(contextDatabase.dataSource());
    TenantDeclaration declaration = TenantDeclaration.of(Declares.class, FixtureCatalog.standard()).get(0);
    SeededTenants tenants = new SeededTenants(SeedDatabase.of(dataSource, "a test"), List.of(declaration), null, current);
    UUID tenantId = declaration.tenantId(null);
    tenants.seed(List.of(declaration), d -> tenantId);
    try {
      dataSource.blocked = true;
      Thread early = new Thread(tenants::closeEarly);
      early.start();
      assertThat(dataSource.waiting.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Throwable> closing = CompletableFuture.supplyAsync(() -> {
        try {
          tenants.close();
          return null;
        } catch (RuntimeException e) {
          return e;
        }
      });
      Thread.sleep(300);
      boolean waited = !closing.isDone();
      dataSource.released.countDown();
      early.join(10_000);

      assertThat(waited).isTrue();
      assertThat(closing.get(10, TimeUnit.SECONDS)).isNotNull().hasStackTraceContaining("the database went away");
    } finally {
      Purger.forDataSource(contextDatabase.dataSource()).purge(List.of(tenantId), PurgeOptions.DEFAULT.withIfExists());
    }
  }

  @Configuration
  static class ParentDataSource {
    @Bean
    DataSource parentDataSource() {
      return TestDatabase.shared().dataSource();
    }
  }

  @Configuration
  static class TwoChildDataSources {
    @Bean
    DataSource first() {
      return contextDatabase.dataSource();
    }

    @Bean
    DataSource second() {
      return contextDatabase.dataSource();
    }
  }

  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig
  @ContextHierarchy({@ContextConfiguration(classes = ParentDataSource.class),
      @ContextConfiguration(classes = TwoChildDataSources.class)})
  static class TwoInTheChildOneInTheParent {
    @Test void neverRuns() {}
  }

  @Test
  void twoDataSourcesOfTheTestsOwnContextFailTheClassNamingThoseTwo() {
    Engine.run(TwoInTheChildOneInTheParent.class).containerEvents().assertThatEvents().haveExactly(1,
        event(container(TwoInTheChildOneInTheParent.class), finishedWithFailure(message("@SeedTenant on "
            + TwoInTheChildOneInTheParent.class.getName() + ": its Spring ApplicationContext has 2 DataSource beans "
            + "(first, second) and none of them is @Primary: mark the one to seed into @Primary, or register "
            + "SeedExtension.forDataSource(...) with it"))));
  }

  @SeedTenant(fixture = "techcorp")
  @ContextConfiguration(classes = ParentDataSource.class)
  static class RegistersSpringExtensionAsAnExtension {
    @RegisterExtension
    static Extension spring = new SpringExtension();
  }

  @Test
  void aRegisteredSpringExtensionCountsByTheFieldsValueNotItsDeclaredType() {
    assertThat(SpringTestClass.runsWithSpring(RegistersSpringExtensionAsAnExtension.class)).isTrue();
  }
}
