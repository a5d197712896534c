package io.tenantseed.junit;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Eight classes on one database at once: each is seeded, then all wait until every one of
 * them has its tenant, and only then look. Each must see exactly its own tenant through its
 * scoped connections and exactly its own rows through the owner's; all must finish (no
 * deadlock) and leave nothing behind.
 */
class ParallelClassesTest {

  private static final int CLASSES = 8;
  static final CyclicBarrier ALL_SEEDED = new CyclicBarrier(CLASSES);
  /** No class may finish (and purge) before every class has looked. */
  static final CyclicBarrier ALL_LOOKED = new CyclicBarrier(CLASSES);
  static final Map<Class<?>, List<Object>> SEEN = new ConcurrentHashMap<>();

  @SeedTenant(fixture = "techcorp")
  @SeedTenant(fixture = "techcorp", name = "scoped", rlsRole = "seed_app")
  abstract static class ConcurrentCase {
    @Test
    void seesOnlyItsOwnTenant(@TenantName("techcorp") Tenant own, @TenantName("techcorp") DSLContext owner,
        @TenantName("scoped") Tenant scoped, @TenantName("scoped") DSLContext asApplication) throws Exception {
      ALL_SEEDED.await(60, TimeUnit.SECONDS);
      SEEN.put(getClass(), List.of(
          own.id(), scoped.id(),
          owner.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(own.id())),
          asApplication.fetchCount(ASSETS),
          asApplication.fetchCount(CLIENT_ACCOUNTS),
          asApplication.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.ne(scoped.id())),
          owner.fetchCount(CLIENT_ACCOUNTS, CLIENT_ACCOUNTS.ID.in(ids()))));
      ALL_LOOKED.await(60, TimeUnit.SECONDS);
    }
  }

  static class Case1 extends ConcurrentCase {}

  static class Case2 extends ConcurrentCase {}

  static class Case3 extends ConcurrentCase {}

  static class Case4 extends ConcurrentCase {}

  static class Case5 extends ConcurrentCase {}

  static class Case6 extends ConcurrentCase {}

  static class Case7 extends ConcurrentCase {}

  static class Case8 extends ConcurrentCase {}

  private static final List<Class<?>> CASES = List.of(Case1.class, Case2.class, Case3.class, Case4.class,
      Case5.class, Case6.class, Case7.class, Case8.class);

  /** The techcorp tenant id of every case class. */
  static List<UUID> ids() {
    return CASES.stream().map(c -> Tenant.idFor(c, "techcorp")).toList();
  }

  @Test
  void eightClassesInParallelEachSeeOnlyTheirOwnTenantAndLeaveNothing() {
    EngineExecutionResults results = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofMinutes(3), () -> Engine.runConcurrently(CASES.toArray(Class<?>[]::new)));

    results.testEvents().assertStatistics(s -> s.started(CLASSES).succeeded(CLASSES));
    assertThat(SEEN).hasSize(CLASSES);
    SEEN.forEach((testClass, seen) -> {
      UUID own = Tenant.idFor(testClass, "techcorp");
      UUID scoped = Tenant.idFor(testClass, "scoped");
      assertThat(seen).as(testClass.getSimpleName())
          .containsExactly(own, scoped, 50, 50, 1, 0, CLASSES);
    });
    assertThat(SEEN.values().stream().map(seen -> seen.get(0)).distinct()).hasSize(CLASSES);
    for (Class<?> testClass : CASES) {
      assertThat(Rows.of(Tenant.idFor(testClass, "techcorp"))).as(testClass.getSimpleName()).isZero();
      assertThat(Rows.of(Tenant.idFor(testClass, "scoped"))).as(testClass.getSimpleName()).isZero();
    }
  }
}
