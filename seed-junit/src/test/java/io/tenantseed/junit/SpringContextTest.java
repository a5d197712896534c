package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * A test class running in a Spring {@code ApplicationContext} gets its tenant seeded into the
 * context's {@code DataSource}, with no {@code forDataSource} registered. The context's
 * database is one of its own, not the shared test database, so that a tenant seeded into the
 * wrong one shows; its DataSource holds a single connection, as a pool of one, so that a
 * connection the extension scoped to a role must come back to the context unscoped.
 */
class SpringContextTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
  static final long TECHCORP_ROWS = TechCorp.FIXTURE.build().rowCounts().values().stream().mapToLong(Long::longValue).sum();

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
  static class ContextDatabase {
    @Bean
    SingleConnectionDataSource dataSource() throws SQLException {
      return new SingleConnectionDataSource(contextDatabase.dataSource().getConnection(), true);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
      return new JdbcTemplate(dataSource);
    }
  }

  /** Records, for class {@code key}: rows in the context's database, in the shared one, assets seen by Spring's JdbcTemplate. */
  abstract static class Recording {
    @Autowired DataSource contextDataSource;
    @Autowired JdbcTemplate jdbc;

    @Test
    void seeded(Tenant tenant, DataSource injected) {
      String key = getClass().getSimpleName();
      SEEN.put(key, List.of(Rows.of(contextDataSource, tenant.id()), Rows.of(tenant.id()),
          jdbc.queryForObject("SELECT count(*) FROM migration.assets WHERE client_account_id = ?", Long.class, tenant.id()),
          injected == contextDataSource));
      SEEN.put(key + ".database", SpringDatabase.cached(contextDataSource));
      SEEN.put(key + ".dataSource", contextDataSource);
    }
  }

  /** SeedExtension first: its beforeAll runs before SpringExtension's has loaded the context. */
  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(ContextDatabase.class)
  static class SeededFirst extends Recording {
  }

  @SpringJUnitConfig(ContextDatabase.class)
  @SeedTenant(fixture = "techcorp")
  static class SpringFirst extends Recording {
  }

  @Test
  void seedsIntoTheContextsDataSourceAndPurgesAfterwards() {
    Engine.run(SeededFirst.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(SEEN).containsEntry("SeededFirst", List.of(TECHCORP_ROWS, 0L, 50L, true));
    assertThat(Rows.of(contextDatabase.dataSource(), Tenant.idFor(SeededFirst.class, "techcorp"))).isZero();
  }

  @Test
  void classesSharingACachedContextShareOneSeedDatabaseWhicheverExtensionComesFirst() {
    Engine.run(SeededFirst.class, SpringFirst.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

    assertThat(SEEN).containsEntry("SpringFirst", List.of(TECHCORP_ROWS, 0L, 50L, true));
    assertThat(SEEN.get("SpringFirst.dataSource")).isSameAs(SEEN.get("SeededFirst.dataSource"));
    assertThat(SEEN.get("SpringFirst.database")).isNotNull().isSameAs(SEEN.get("SeededFirst.database"));
    assertThat(Rows.of(contextDatabase.dataSource(), Tenant.idFor(SpringFirst.class, "techcorp"))).isZero();
  }

  /** The rlsRole's connections wrap the context's DataSource, and give its connection back as the owner's. */
  @SpringJUnitConfig(ContextDatabase.class)
  @SeedTenant(fixture = "techcorp", name = "other")
  @SeedTenant(fixture = "techcorp", name = "mine", rlsRole = "seed_app")
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class ScopedToARole {
    @Autowired JdbcTemplate jdbc;

    @Test
    @Order(1)
    void scopedConnectionsSeeOnlyTheirTenant(@TenantName("mine") DataSource scoped, @TenantName("mine") Tenant mine) {
      JdbcTemplate asRole = new JdbcTemplate(scoped);
      SEEN.put("scoped", List.of(asRole.queryForObject(WHO, String.class),
          asRole.queryForObject("SELECT count(*) FROM migration.client_accounts", Long.class),
          jdbc.queryForObject("SELECT count(*) FROM migration.client_accounts", Long.class) >= 2, mine.id().toString()));
    }

    @Test
    @Order(2)
    void theContextsConnectionIsTheOwnersAgain() {
      SEEN.put("unscoped", jdbc.queryForObject("SELECT (current_user = session_user) || ' ' || " + CLIENT_ID, String.class));
    }

    private static final String CLIENT_ID = "coalesce(current_setting('app.client_id', true), '')";
    private static final String WHO = "SELECT current_user || ' ' || " + CLIENT_ID;
  }

  @Test
  void anRlsRoleScopesTheContextsDataSourceAndGivesItsConnectionBackUnscoped() {
    Engine.run(ScopedToARole.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));

    @SuppressWarnings("unchecked")
    List<Object> scoped = (List<Object>) SEEN.get("scoped");
    assertThat(scoped).containsExactly("seed_app " + scoped.get(3), 1L, true, scoped.get(3));
    assertThat(SEEN).containsEntry("unscoped", "true ");
  }

  /** An inner class runs with its enclosing class's SpringExtension, so its own tenant goes to the context too. */
  @SpringJUnitConfig(ContextDatabase.class)
  @SeedTenant(fixture = "techcorp")
  static class WithNested {
    @Nested
    @SeedTenant(fixture = "globalretail")
    class Inner {
      @Autowired DataSource contextDataSource;

      @Test
      void seeded(@TenantName("globalretail") Tenant inner, @TenantName("techcorp") Tenant outer) {
        SEEN.put("Inner", List.of(Rows.of(contextDataSource, inner.id()) > 0, Rows.of(inner.id()) > 0,
            Rows.of(contextDataSource, outer.id()) > 0));
      }
    }
  }

  @Test
  void aNestedClassOfASpringTestSeedsItsOwnTenantIntoTheContext() {
    Engine.run(WithNested.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(SEEN).containsEntry("Inner", List.of(true, false, true));
  }

  @Configuration
  static class DirtiedContext extends ContextDatabase {
  }

  /**
   * The context closes in SpringExtension's afterAll, before SeedExtension's (declared first,
   * it runs last): the tenant is purged while the DataSource is still open, and the closed
   * context's SeedDatabase is forgotten.
   */
  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(DirtiedContext.class)
  @DirtiesContext
  static class ClosesItsContext extends Recording {
  }

  @Test
  void aContextClosedBeforeTheExtensionsAfterAllHasItsTenantPurgedFirstAndIsForgotten() {
    Engine.run(ClosesItsContext.class).allEvents().assertStatistics(s -> s.failed(0));

    assertThat(SEEN).containsEntry("ClosesItsContext", List.of(TECHCORP_ROWS, 0L, 50L, true));
    assertThat(SEEN.get("ClosesItsContext.database")).isNotNull();
    assertThat(SpringDatabase.cached((DataSource) SEEN.get("ClosesItsContext.dataSource"))).isNull();
    UUID tenantId = Tenant.idFor(ClosesItsContext.class, "techcorp");
    assertThat(Rows.of(contextDatabase.dataSource(), tenantId)).isZero();
  }
}
