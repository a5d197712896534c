package io.tenantseed.junit;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.graph.TenantBuilder;
import io.tenantseed.graph.Tenants;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.testing.TestDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What {@code @SeedTenant} does to a test class, run through the Jupiter engine: the tenant is
 * there before {@code @BeforeAll} and in every test, under the id derived from the class, and
 * gone afterwards, whether the tests passed, failed, {@code @BeforeAll} failed or seeding
 * failed; {@code keepOnFailure} keeps it.
 */
class SeedTenantLifecycleTest {

  /** What the case classes saw, by "CaseClass.what". */
  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  private static final long TECHCORP_ROWS = TechCorp.FIXTURE.build().rowCounts().values().stream()
      .mapToLong(Long::longValue).sum();

  @SeedTenant(fixture = "techcorp")
  static class SeedsTechCorp {
    @BeforeAll
    static void before(Tenant tenant) {
      SEEN.put("SeedsTechCorp.beforeAll", Rows.of(tenant.id()));
    }

    @Test
    void countsServers(Tenant tenant, DSLContext db) {
      SEEN.put("SeedsTechCorp.id", tenant.id());
      SEEN.put("SeedsTechCorp.servers", db.fetchCount(ASSETS,
          ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id()).and(ASSETS.ASSET_TYPE.eq("server"))));
    }

    @Test
    void findsEntitiesByKey(Tenant tenant, DSLContext db, DataSource dataSource, Connection connection) {
      SEEN.put("SeedsTechCorp.asset17", db.fetchExists(ASSETS, ASSETS.ID.eq(tenant.asset(17))
          .and(ASSETS.ENGAGEMENT_ID.eq(tenant.engagement(TechCorp.ENGAGEMENT)))));
      SEEN.put("SeedsTechCorp.sameDatabase", dataSource != null && connection != null);
    }
  }

  @Test
  void seedsBeforeAllUnderTheClassesIdAndPurgesAfterTheClass() {
    EngineExecutionResults results = Engine.run(SeedsTechCorp.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
    UUID id = Tenant.idFor(SeedsTechCorp.class, "techcorp");
    assertThat(SEEN).containsEntry("SeedsTechCorp.id", id)
        .containsEntry("SeedsTechCorp.beforeAll", TECHCORP_ROWS)
        .containsEntry("SeedsTechCorp.servers", 30)
        .containsEntry("SeedsTechCorp.asset17", true)
        .containsEntry("SeedsTechCorp.sameDatabase", true);
    assertThat(Rows.of(id)).as("rows left after the class").isZero();
    assertThat(Rows.registered(id)).as("registry row left").isFalse();
  }

  @Test
  void theIdIsTheSameEveryRunAndDiffersBetweenClassesAndNames() {
    UUID id = Tenant.idFor(SeedsTechCorp.class, "techcorp");

    assertThat(Tenant.idFor(SeedsTechCorp.class, "techcorp")).isEqualTo(id);
    assertThat(id.version()).isEqualTo(5);
    assertThat(Tenant.idFor(FailingCase.class, "techcorp")).isNotEqualTo(id);
    assertThat(Tenant.idFor(SeedsTechCorp.class, "globalretail")).isNotEqualTo(id);
  }

  @SeedTenant(fixture = "techcorp")
  static class FailingCase {
    @Test
    void fails(Tenant tenant) {
      SEEN.put("FailingCase.rows", Rows.of(tenant.id()));
      throw new AssertionError("a failing test");
    }
  }

  @Test
  void purgesWhenATestFails() {
    Engine.run(FailingCase.class).testEvents().assertStatistics(s -> s.started(1).failed(1));

    assertThat(SEEN).containsEntry("FailingCase.rows", TECHCORP_ROWS);
    assertThat(Rows.of(Tenant.idFor(FailingCase.class, "techcorp"))).isZero();
  }

  @SeedTenant(fixture = "techcorp", keepOnFailure = true)
  static class KeptOnFailure {
    @Test
    void passes() {
    }

    @Test
    void fails() {
      throw new AssertionError("a failing test");
    }
  }

  @SeedTenant(fixture = "techcorp", keepOnFailure = true)
  static class KeepOnFailureButPasses {
    @Test
    void passes(Tenant tenant) {
      SEEN.put("KeepOnFailureButPasses.rows", Rows.of(tenant.id()));
    }
  }

  @Test
  void keepOnFailureLeavesTheTenantWhenATestFailedAndOnlyThen() {
    UUID kept = Tenant.idFor(KeptOnFailure.class, "techcorp");
    try {
      Engine.run(KeptOnFailure.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
      Engine.run(KeepOnFailureButPasses.class).testEvents().assertStatistics(s -> s.succeeded(1));

      assertThat(Rows.of(kept)).as("kept tenant").isEqualTo(TECHCORP_ROWS);
      assertThat(Rows.registered(kept)).isTrue();
      assertThat(SEEN).containsEntry("KeepOnFailureButPasses.rows", TECHCORP_ROWS);
      assertThat(Rows.of(Tenant.idFor(KeepOnFailureButPasses.class, "techcorp"))).isZero();

      // The next run of the class replaces the kept tenant instead of failing on it.
      Engine.run(KeptOnFailure.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(1));
      assertThat(Rows.of(kept)).isEqualTo(TECHCORP_ROWS);
    } finally {
      Purger.forDataSource(TestDatabase.shared().dataSource()).purge(List.of(kept), PurgeOptions.DEFAULT.withIfExists());
    }
  }

  @SeedTenant(fixture = "techcorp")
  static class PurgesItsOwnTenant {
    @Test
    void purges(Tenant tenant) {
      Purger.forDataSource(TestDatabase.shared().dataSource()).purge(List.of(tenant.id()), PurgeOptions.DEFAULT);
    }
  }

  @Test
  void aTenantTheTestPurgedItselfDoesNotFailTheCleanup() {
    EngineExecutionResults results = Engine.run(PurgesItsOwnTenant.class);

    results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
    results.containerEvents().assertStatistics(s -> s.failed(0));
    assertThat(Rows.of(Tenant.idFor(PurgesItsOwnTenant.class, "techcorp"))).isZero();
  }

  @SeedTenant(fixture = "techcorp")
  static class FailingBeforeAll {
    @BeforeAll
    static void before(Tenant tenant) {
      SEEN.put("FailingBeforeAll.rows", Rows.of(tenant.id()));
      throw new IllegalStateException("setup failed");
    }

    @Test
    void neverRuns() {
    }
  }

  @Test
  void purgesWhenBeforeAllFails() {
    EngineExecutionResults results = Engine.run(FailingBeforeAll.class);

    results.containerEvents().assertThatEvents().haveExactly(1,
        event(container(FailingBeforeAll.class), finishedWithFailure(message("setup failed"))));
    assertThat(SEEN).containsEntry("FailingBeforeAll.rows", TECHCORP_ROWS);
    assertThat(Rows.of(Tenant.idFor(FailingBeforeAll.class, "techcorp"))).isZero();
  }

  /** Two tenants with one fixed engagement id: the second violates the engagements' primary key. */
  static class SameEngagementId implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return Tenants.tenant(tenantId).name("Same Engagement")
          .engagement("e", e -> e.id("5a3e0000-0000-4000-8000-00000000e001"));
    }
  }

  @SeedTenant(fixture = "techcorp")
  @SeedTenant(builder = SameEngagementId.class, name = "first")
  @SeedTenant(builder = SameEngagementId.class, name = "second")
  static class FailingSeed {
    @Test
    void neverRuns() {
    }
  }

  @Test
  void purgesWhatWasSeededWhenSeedingALaterTenantFails() {
    EngineExecutionResults results = Engine.run(FailingSeed.class);

    UUID second = Tenant.idFor(FailingSeed.class, "second");
    results.containerEvents().assertThatEvents().haveExactly(1,
        event(container(FailingSeed.class), finishedWithFailure(message(m -> m.contains(second.toString())))));
    results.testEvents().assertStatistics(s -> s.started(0));
    assertThat(Rows.of(Tenant.idFor(FailingSeed.class, "techcorp"))).isZero();
    assertThat(Rows.of(Tenant.idFor(FailingSeed.class, "first"))).isZero();
    assertThat(Rows.of(second)).isZero();
  }
}
