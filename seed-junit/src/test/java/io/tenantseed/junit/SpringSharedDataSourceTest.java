package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.ContextHierarchy;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;
import org.springframework.test.context.TestConstructor;
import org.springframework.test.context.TestConstructor.AutowireMode;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Contexts that share one DataSource (a static one, or a parent's under
 * {@code @ContextHierarchy}): one closing purges the tenants seeded through it only. And
 * parameters that SpringExtension resolves are left to it.
 */
class SpringSharedDataSourceTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
  static ScratchDatabase contextDatabase;
  /** One DataSource for every context of this class, as a static TestDatabase or Testcontainers one would be. */
  static DataSource shared;

  @BeforeAll
  static void createTheContextsDatabase() {
    contextDatabase = TestDatabase.shared().createDatabase();
    shared = contextDatabase.dataSource();
  }

  @AfterAll
  static void dropTheContextsDatabase() {
    contextDatabase.close();
  }

  @Configuration
  static class First {
    @Bean
    DataSource dataSource() {
      return shared;
    }
  }

  @Configuration
  static class Second {
    @Bean
    DataSource dataSource() {
      return shared;
    }
  }

  /** Seeds through context First first, which stays cached. */
  @SeedTenant(fixture = "globalretail")
  @SpringJUnitConfig(First.class)
  static class SeedsThroughFirst {
    @Test void runs(Tenant tenant) {}
  }

  /** Its tenant is seeded through context Second; its nested class closes context First. */
  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(Second.class)
  static class SeedsThroughSecond {
    @AfterAll
    static void recordAfterFirstClosed() {
      SEEN.put("static", Rows.of(shared, Tenant.idFor(SeedsThroughSecond.class, "techcorp")) > 0);
    }

    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringJUnitConfig(First.class)
    @DirtiesContext
    class ClosesFirst {
      @Test void runs() {}
    }
  }

  @Test
  void aContextClosingLeavesTheTenantsOfAnotherContextOnTheSameDataSource() {
    Engine.run(SeedsThroughFirst.class, SeedsThroughSecond.class).testEvents()
        .assertStatistics(s -> s.started(2).succeeded(2));

    assertThat(SEEN).containsEntry("static", true);
  }

  @Configuration
  static class Parent {
    @Bean
    DataSource dataSource() {
      return shared;
    }
  }

  @Configuration
  static class ChildA {
  }

  @Configuration
  static class ChildB {
  }

  @SeedTenant(fixture = "globalretail")
  @ExtendWith(SpringExtension.class)
  @ContextHierarchy({@ContextConfiguration(classes = Parent.class), @ContextConfiguration(classes = ChildA.class)})
  static class SeedsUnderChildA {
    @Test void runs(Tenant tenant) {}
  }

  @SeedTenant(fixture = "techcorp")
  @ExtendWith(SpringExtension.class)
  @ContextHierarchy({@ContextConfiguration(classes = Parent.class), @ContextConfiguration(classes = ChildB.class)})
  static class SeedsUnderChildB {
    @AfterAll
    static void recordAfterChildAClosed() {
      SEEN.put("hierarchy", Rows.of(shared, Tenant.idFor(SeedsUnderChildB.class, "techcorp")) > 0);
    }

    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @ExtendWith(SpringExtension.class)
    @ContextHierarchy({@ContextConfiguration(classes = Parent.class), @ContextConfiguration(classes = ChildA.class)})
    @DirtiesContext(hierarchyMode = DirtiesContext.HierarchyMode.CURRENT_LEVEL)
    class ClosesChildA {
      @Test void runs() {}
    }
  }

  @Test
  void aChildContextClosingLeavesTheTenantsOfItsSiblingOnTheParentsDataSource() {
    Engine.run(SeedsUnderChildA.class, SeedsUnderChildB.class).testEvents()
        .assertStatistics(s -> s.started(2).succeeded(2));

    assertThat(SEEN).containsEntry("hierarchy", true);
  }

  /** DataSource parameters Spring autowires: the constructor's, and a method's marked @Autowired or @Qualifier. */
  @SeedTenant(fixture = "techcorp")
  @SpringJUnitConfig(First.class)
  @TestConstructor(autowireMode = AutowireMode.ALL)
  static class SpringResolvesItsOwn {
    final DataSource constructed;

    SpringResolvesItsOwn(DataSource constructed) {
      this.constructed = constructed;
    }

    @Test
    void resolved(@Autowired DataSource autowired, @Qualifier("dataSource") DataSource qualified, DataSource seeds,
        Tenant tenant) {
      SEEN.put("resolved", List.of(constructed == shared, autowired == shared, qualified == shared, seeds == shared,
          Rows.of(seeds, tenant.id()) > 0));
    }
  }

  @Test
  void parametersSpringAutowiresAreLeftToSpringExtension() {
    Engine.run(SpringResolvesItsOwn.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));

    assertThat(SEEN).containsEntry("resolved", List.of(true, true, true, true, true));
  }
}
