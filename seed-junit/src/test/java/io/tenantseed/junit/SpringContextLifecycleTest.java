package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.transaction.annotation.Transactional;

/**
 * A Spring context that closes while its test class runs ({@code @DirtiesContext} before the
 * class, after each test), and a {@code @Transactional} test: the tenants are where the test
 * runs, in the context it runs in. Each context's DataSource holds a connection of its own,
 * closed with the context, so that a tenant or parameter of a closed context shows.
 */
class SpringContextLifecycleTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
  static ScratchDatabase contextDatabase;

  @BeforeAll
  static void createTheContextsDatabase() {
    contextDatabase = TestDatabase.shared().createDatabase();
  }

  @AfterAll
  static void dropTheContextsDatabase() {
    contextDatabase.close();
  }

  @Configuration
  static class OwnConnection {
    @Bean
    SingleConnectionDataSource dataSource() throws SQLException {
      return new SingleConnectionDataSource(contextDatabase.dataSource().getConnection(), true);
    }
  }

  /** Records, per test: the tenant's rows in the context's DataSource, and whether the injected DataSource is the context's. */
  abstract static class Recording {
    @Autowired DataSource contextDataSource;

    void record(String test, Tenant tenant, DataSource injected) {
      SEEN.put(getClass().getSimpleName() + "." + test, List.of(Rows.of(contextDataSource, tenant.id()) > 0,
          injected == contextDataSource));
    }
  }

  @Configuration
  static class DirtiedPerMethod extends OwnConnection {
  }

  @SeedTenant(fixture = "techcorp", lifecycle = SeedTenant.Lifecycle.PER_METHOD)
  @SpringJUnitConfig(DirtiedPerMethod.class)
  @DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerMethodTenantFreshContexts extends Recording {
    @Test @Order(1) void first(Tenant tenant, DataSource injected) {
      record("first", tenant, injected);
    }

    @Test @Order(2) void second(Tenant tenant, DataSource injected) {
      record("second", tenant, injected);
    }
  }

  @Test
  void aPerMethodTenantAndTheInjectedDataSourceAreThoseOfTheContextEachTestRunsIn() {
    Engine.run(PerMethodTenantFreshContexts.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

    assertThat(SEEN).containsEntry("PerMethodTenantFreshContexts.first", List.of(true, true))
        .containsEntry("PerMethodTenantFreshContexts.second", List.of(true, true));
  }

  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(DirtiedPerMethod.class)
  @DirtiesContext(classMode = ClassMode.AFTER_EACH_TEST_METHOD)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassTenantFreshContexts extends Recording {
    @Test @Order(1) void first(Tenant tenant, DataSource injected) {
      record("first", tenant, injected);
    }

    @Test @Order(2) void second(Tenant tenant, DataSource injected) {
      record("second", tenant, injected);
    }
  }

  @Test
  void aPerClassTenantWhoseContextClosesAfterATestFailsTheNextTestSayingToSeedItPerMethod() {
    var results = Engine.run(PerClassTenantFreshContexts.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
    results.testEvents().assertThatEvents().haveExactly(1, event(test("second"), finishedWithFailure(message(
        "@SeedTenant on " + PerClassTenantFreshContexts.class.getName() + ": the Spring ApplicationContext of the "
            + "class closed after a test (@DirtiesContext after a test method, or before each), and its per-class tenants "
            + "(techcorp) were purged with it: per-class tenants need a context that lives for the whole class; declare "
            + "them with lifecycle = PER_METHOD, or dirty the context after the class only"))));
    assertThat(SEEN).containsEntry("PerClassTenantFreshContexts.first", List.of(true, true));
  }

  @Configuration
  static class Cached extends OwnConnection {
  }

  /** Leaves the context of {@link Cached} in Spring's cache for the next class to find dirty. */
  @SpringJUnitConfig(Cached.class)
  static class LoadsTheContext {
    @Test void runs() {}
  }

  /** SeedExtension's beforeAll comes first, while the cached context is still there. */
  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(Cached.class)
  @DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
  static class DirtiesTheCachedContextFirst extends Recording {
    static Boolean seenInBeforeAll;

    @BeforeAll
    static void before(Tenant tenant, DataSource injected) {
      seenInBeforeAll = Rows.of(injected, tenant.id()) > 0;
    }

    @Test void seeded(Tenant tenant, DataSource injected) {
      record("seeded", tenant, injected);
    }
  }

  @Test
  void aClassThatDirtiesTheCachedContextBeforeItRunsHasItsTenantInTheNewContext() {
    Engine.run(LoadsTheContext.class, DirtiesTheCachedContextFirst.class).testEvents()
        .assertStatistics(s -> s.started(2).succeeded(2));

    assertThat(SEEN).containsEntry("DirtiesTheCachedContextFirst.seeded", List.of(true, true));
    assertThat(DirtiesTheCachedContextFirst.seenInBeforeAll).isTrue();
  }

  @Configuration
  static class DirtiedAfterClass extends OwnConnection {
  }

  /** The context closes in SpringExtension's afterAll, after the failed @AfterAll, before SeedExtension's afterAll. */
  @SeedTenant(fixture = "techcorp", keepOnFailure = true)
  @SpringJUnitConfig(DirtiedAfterClass.class)
  @DirtiesContext
  static class FailsInAfterAll {
    @Test void passes(Tenant tenant) {}

    @AfterAll
    static void fails() {
      throw new IllegalStateException("@AfterAll failed");
    }
  }

  @Test
  void aTenantKeptOnFailureStaysAfterAFailedAfterAllWhenTheContextClosesFirst() {
    Engine.run(FailsInAfterAll.class).containerEvents().assertStatistics(s -> s.failed(1));

    UUID tenantId = Tenant.idFor(FailsInAfterAll.class, "techcorp");
    try {
      assertThat(Rows.of(contextDatabase.dataSource(), tenantId)).isPositive();
    } finally {
      Purger.forDataSource(contextDatabase.dataSource()).purge(List.of(tenantId), PurgeOptions.DEFAULT.withIfExists());
    }
  }

  /** Connections that give up waiting for a lock after two seconds, so that a purge waiting on the test's transaction fails rather than hangs. */
  @Configuration
  static class Transactions {
    @Bean
    DataSource dataSource() {
      return new DelegatingDataSource(contextDatabase.dataSource()) {
        @Override
        public Connection getConnection() throws SQLException {
          Connection connection = super.getConnection();
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '2s'");
          }
          return connection;
        }
      };
    }

    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
      return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
      return new JdbcTemplate(dataSource);
    }
  }

  /** SpringExtension first: its afterEach, which rolls back, runs after SeedExtension's. */
  @SpringJUnitConfig(Transactions.class)
  @SeedTenant(fixture = "techcorp", lifecycle = SeedTenant.Lifecycle.PER_METHOD)
  @Transactional
  static class LocksItsTenantInATransaction {
    @Autowired JdbcTemplate jdbc;

    @Test
    void locks(Tenant tenant) {
      SEEN.put("locked", tenant.id());
      jdbc.queryForList("SELECT id FROM migration.client_accounts WHERE id = ? FOR UPDATE", tenant.id());
    }
  }

  @Test
  void aTransactionalTestsTenantIsPurgedAfterTheRollbackWhateverTheOrderOfTheAnnotations() {
    Engine.run(LocksItsTenantInATransaction.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(Rows.of(contextDatabase.dataSource(), (UUID) SEEN.get("locked"))).isZero();
  }
}
