package io.tenantseed.junit;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.ENGAGEMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.fixtures.GlobalRetail;
import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.graph.TenantBuilder;
import io.tenantseed.graph.Tenants;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ways to declare tenants: meta-annotation, inheritance, several tenants, builders, parameters, lifecycles, a DataSource of one's own. */
class SeedTenantFeaturesTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

  /** A project's own shorthand. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @SeedTenant(fixture = "techcorp")
  @interface TechCorpTenant {}

  @TechCorpTenant
  static class MetaAnnotated {
    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("MetaAnnotated", db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())));
    }
  }

  @Test
  void worksAsAMetaAnnotation() {
    Engine.run(MetaAnnotated.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("MetaAnnotated", 50);
  }

  @SeedTenant(fixture = "techcorp")
  abstract static class InheritedBase {
    @Test
    void seeded(Tenant tenant) {
      SEEN.put(getClass().getSimpleName(), tenant.id());
    }
  }

  static class FirstSubclass extends InheritedBase {}

  static class SecondSubclass extends InheritedBase {}

  @Test
  void isInheritedAndEverySubclassGetsItsOwnTenant() {
    Engine.run(FirstSubclass.class, SecondSubclass.class).testEvents().assertStatistics(s -> s.succeeded(2));

    assertThat(SEEN).containsEntry("FirstSubclass", Tenant.idFor(FirstSubclass.class, "techcorp"))
        .containsEntry("SecondSubclass", Tenant.idFor(SecondSubclass.class, "techcorp"));
  }

  @SeedTenant(fixture = "techcorp")
  @SeedTenant("globalretail")
  static class TwoTenants {
    @Test
    void both(@TenantName("techcorp") Tenant techCorp, @TenantName("globalretail") Tenant globalRetail, DSLContext db) {
      SEEN.put("TwoTenants", List.of(
          db.fetchCount(ENGAGEMENTS, ENGAGEMENTS.ID.eq(techCorp.engagement(TechCorp.ENGAGEMENT))),
          db.fetchCount(ENGAGEMENTS, ENGAGEMENTS.ID.eq(globalRetail.engagement(GlobalRetail.ENGAGEMENT))),
          techCorp.id().equals(globalRetail.id())));
    }
  }

  @Test
  void isRepeatableWithTenantsPickedByName() {
    Engine.run(TwoTenants.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("TwoTenants", List.of(1, 1, false));
    assertThat(Rows.of(Tenant.idFor(TwoTenants.class, "globalretail"))).isZero();
  }

  /** A tenant of a project's own. */
  static class ThreeServers implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return Tenants.tenant(tenantId).name("Three Servers Ltd")
          .engagement("lift-and-shift", e -> e.assets(3, (i, a) -> a.server().name("srv-" + i)));
    }
  }

  @SeedTenant(builder = ThreeServers.class)
  static class FromABuilder {
    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("FromABuilder", List.of(tenant.name(),
          db.fetchValue(ASSETS.ASSET_NAME, ASSETS.ID.eq(tenant.asset("lift-and-shift", 2))),
          db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id()))));
    }
  }

  @Test
  void seedsABuilderClass() {
    Engine.run(FromABuilder.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("FromABuilder", List.of("ThreeServers", "srv-2", 3));
  }

  /** A definition that fixes its slug, as a project's own tenant might. */
  static class FixedSlug implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return Tenants.tenant(tenantId).name("Fixed Slug Ltd").slug("fixed-slug")
          .user("admin", u -> { }).engagement("e", e -> e.masterFlow("f", f -> { }).assets(2, (i, a) -> a.server()));
    }
  }

  /** The same definition, its slug derived from a canonical id of its own. */
  static class CanonicalSlug implements TenantDefinition {
    static final UUID CANONICAL = UUID.fromString("5e1f0000-0000-4000-8000-000000000001");

    @Override
    public TenantBuilder describe(UUID tenantId) {
      return Tenants.tenant(tenantId).name("Canonical Slug Ltd").slug("canonical-slug", CANONICAL);
    }
  }

  @SeedTenant(builder = FixedSlug.class, name = "fixed")
  @SeedTenant(builder = CanonicalSlug.class, name = "canonical")
  static class FixedSlugFirstClass {
    @Test
    void seeded(@TenantName("fixed") Tenant fixed, @TenantName("canonical") Tenant canonical, DSLContext db) {
      SEEN.put("FixedSlugFirstClass", List.of(fixed.slug(), slugOf(db, fixed), canonical.slug(), slugOf(db, canonical),
          db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(fixed.id()))));
      SEEN.put("FixedSlugFirstClass emails", emailsOf(db, fixed));
    }
  }

  @SeedTenant(builder = FixedSlug.class, name = "fixed")
  @SeedTenant(builder = CanonicalSlug.class, name = "canonical")
  static class FixedSlugSecondClass {
    @Test
    void seeded(@TenantName("fixed") Tenant fixed, DSLContext db) {
      SEEN.put("FixedSlugSecondClass", slugOf(db, fixed));
    }
  }

  private static String slugOf(DSLContext db, Tenant tenant) {
    return db.fetchValue(io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS.SLUG,
        io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS.ID.eq(tenant.id()));
  }

  @Test
  void aDefinitionThatFixesItsSlugGetsItFollowedByTheTenantIdSoClassesRunningTogetherDoNotCollide() {
    Engine.runConcurrently(FixedSlugFirstClass.class, FixedSlugSecondClass.class)
        .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

    UUID first = Tenant.idFor(FixedSlugFirstClass.class, "fixed");
    UUID second = Tenant.idFor(FixedSlugSecondClass.class, "fixed");
    UUID canonical = Tenant.idFor(FixedSlugFirstClass.class, "canonical");
    assertThat(SEEN).containsEntry("FixedSlugFirstClass", List.of("fixed-slug-" + first, "fixed-slug-" + first,
            "canonical-slug-" + canonical, "canonical-slug-" + canonical, 2))
        .containsEntry("FixedSlugSecondClass", "fixed-slug-" + second);
    assertThat((List<?>) SEEN.get("FixedSlugFirstClass emails")).singleElement().asString()
        .endsWith("@fixed-slug.local");
  }

  /** A definition that fixes its slug by column, which wins over the builder's slug(...). */
  static class SetSlug implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return Tenants.tenant(tenantId).name("Set Slug Ltd").slug("set-slug-domain").set("slug", "set-slug")
          .user("admin", u -> { }).engagement("e", e -> e.assets(1, (i, a) -> a.server()));
    }
  }

  @SeedTenant(builder = SetSlug.class)
  static class SetSlugFirstClass {
    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("SetSlugFirstClass", List.of(tenant.slug(), slugOf(db, tenant), emailsOf(db, tenant), hostnamesOf(db, tenant)));
    }
  }

  @SeedTenant(builder = SetSlug.class)
  static class SetSlugSecondClass {
    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("SetSlugSecondClass", slugOf(db, tenant));
    }
  }

  @Test
  void aSlugFixedWithSetIsFollowedByTheTenantIdTooAndEmailsAndHostnamesKeepTheirDomain() {
    Engine.runConcurrently(SetSlugFirstClass.class, SetSlugSecondClass.class)
        .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

    UUID first = Tenant.idFor(SetSlugFirstClass.class, "SetSlug");
    UUID second = Tenant.idFor(SetSlugSecondClass.class, "SetSlug");
    assertThat(SEEN).containsEntry("SetSlugSecondClass", "set-slug-" + second);
    @SuppressWarnings("unchecked")
    List<Object> seen = (List<Object>) SEEN.get("SetSlugFirstClass");
    assertThat(seen.subList(0, 2)).containsOnly("set-slug-" + first);
    assertThat((List<?>) seen.get(2)).singleElement().asString().endsWith("@set-slug-domain.local");
    assertThat((List<?>) seen.get(3)).singleElement().asString().endsWith(".set-slug-domain.local");
  }

  /** A project's own fixture that fixes its slug, found through withFixtures. */
  static final io.tenantseed.fixtures.Fixture OWN_FIXTURE = new io.tenantseed.fixtures.Fixture("own-fixed",
      "a fixture of the project's own with a fixed slug", UUID.fromString("5e1f0000-0000-4000-8000-000000000002")) {
    @Override
    protected TenantBuilder describe(UUID tenantId, io.tenantseed.fixtures.FixtureParameters parameters) {
      return Tenants.tenant(tenantId).name("Own Fixed").slug("own-fixed").user("admin", u -> { });
    }
  };

  @SeedTenant(fixture = "own-fixed")
  static class OwnFixtureFirstClass {
    @RegisterExtension
    static SeedExtension seed = SeedExtension.forDataSource(TestDatabase.shared().dataSource())
        .withFixtures(io.tenantseed.fixtures.FixtureCatalog.standard().with(OWN_FIXTURE));

    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("OwnFixtureFirstClass", List.of(slugOf(db, tenant), emailsOf(db, tenant)));
    }
  }

  @SeedTenant(fixture = "own-fixed")
  static class OwnFixtureSecondClass {
    @RegisterExtension
    static SeedExtension seed = SeedExtension.forDataSource(TestDatabase.shared().dataSource())
        .withFixtures(io.tenantseed.fixtures.FixtureCatalog.standard().with(OWN_FIXTURE));

    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("OwnFixtureSecondClass", slugOf(db, tenant));
    }
  }

  @Test
  void aFixtureOfTheProjectsOwnThatFixesItsSlugFollowsTheSameRule() {
    Engine.runConcurrently(OwnFixtureFirstClass.class, OwnFixtureSecondClass.class)
        .testEvents().assertStatistics(s -> s.succeeded(2).failed(0));

    UUID first = Tenant.idFor(OwnFixtureFirstClass.class, "own-fixed");
    UUID second = Tenant.idFor(OwnFixtureSecondClass.class, "own-fixed");
    assertThat(SEEN).containsEntry("OwnFixtureFirstClass", List.of("own-fixed-" + first,
            List.of(emailOf(OWN_FIXTURE.build(first)))))
        .containsEntry("OwnFixtureSecondClass", "own-fixed-" + second);
    assertThat(emailOf(OWN_FIXTURE.build(first))).endsWith("@own-fixed.local");
  }

  private static String emailOf(io.tenantseed.graph.TenantGraph graph) {
    return String.valueOf(graph.users().get(0).get("email"));
  }

  private static List<String> emailsOf(DSLContext db, Tenant tenant) {
    return db.fetchValues(io.tenantseed.schema.migration.Tables.USERS.EMAIL,
        io.tenantseed.schema.migration.Tables.USERS.CLIENT_ACCOUNT_ID.eq(tenant.id()));
  }

  private static List<String> hostnamesOf(DSLContext db, Tenant tenant) {
    return db.fetchValues(ASSETS.HOSTNAME, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id()));
  }

  @SeedTenant(fixture = "scale", parameters = {"assets=120", "flows=2"})
  static class WithParameters {
    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("WithParameters", db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())));
    }
  }

  @Test
  void passesFixtureParameters() {
    Engine.run(WithParameters.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("WithParameters", 120);
  }

  @SeedTenant(fixture = "techcorp", lifecycle = SeedTenant.Lifecycle.PER_METHOD)
  static class PerMethod {
    static final List<UUID> IDS = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void before(Tenant tenant) {
      IDS.add(tenant.id());
    }

    @Test
    void first(Tenant tenant) {
      SEEN.put("PerMethod.first", Rows.of(tenant.id()));
    }

    @Test
    void second(Tenant tenant, DSLContext db) {
      db.deleteFrom(ASSETS).where(ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())).execute();
    }

    @Test
    void third(Tenant tenant, DSLContext db) {
      SEEN.put("PerMethod.third", db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())));
    }
  }

  @Test
  void perMethodGivesEveryTestAFreshTenant() {
    org.junit.platform.testkit.engine.EngineExecutionResults results = Engine.run(PerMethod.class);

    results.testEvents().assertStatistics(s -> s.succeeded(3));
    assertThat(PerMethod.IDS).hasSize(3).doesNotHaveDuplicates();
    assertThat(SEEN).containsEntry("PerMethod.third", 50).containsKey("PerMethod.first");
    assertThat((Long) SEEN.get("PerMethod.first")).isPositive();
    assertThat(PerMethod.IDS).allSatisfy(id -> assertThat(Rows.of(id)).isZero());
  }

  @SeedTenant(fixture = "techcorp")
  static class WithNested {
    @Nested
    class Inner {
      @Test
      void seesTheOuterTenant(Tenant tenant) {
        SEEN.put("WithNested", tenant.id());
      }
    }
  }

  @Test
  void nestedClassesSeeTheEnclosingClassesTenant() {
    Engine.run(WithNested.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("WithNested", Tenant.idFor(WithNested.class, "techcorp"));
  }

  @SeedTenant(fixture = "techcorp")
  static class ConstructorInjection {
    private final Tenant tenant;

    ConstructorInjection(Tenant tenant) {
      this.tenant = tenant;
    }

    @Test
    void seeded() {
      SEEN.put("ConstructorInjection", tenant.id());
    }
  }

  @Test
  void resolvesConstructorParameters() {
    Engine.run(ConstructorInjection.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("ConstructorInjection", Tenant.idFor(ConstructorInjection.class, "techcorp"));
  }

  /** A database of the user's own, standing in for a Spring or Testcontainers DataSource. */
  static ScratchDatabase ownDatabase;

  @SeedTenant(fixture = "techcorp")
  static class OwnDataSource {
    @RegisterExtension
    static SeedExtension seed = SeedExtension.forDataSource(ownDatabase.dataSource());

    @Test
    void seeded(Tenant tenant) {
      SEEN.put("OwnDataSource", List.of(Rows.of(ownDatabase.dataSource(), tenant.id()), Rows.of(tenant.id())));
    }
  }

  @Test
  void seedsIntoTheDataSourceOfARegisteredExtension() {
    try (ScratchDatabase own = TestDatabase.shared().createDatabase()) {
      ownDatabase = own;

      Engine.run(OwnDataSource.class).testEvents().assertStatistics(s -> s.succeeded(1));

      long techCorpRows = TechCorp.FIXTURE.build().rowCounts().values().stream().mapToLong(Long::longValue).sum();
      assertThat(SEEN).containsEntry("OwnDataSource", List.of(techCorpRows, 0L));
      assertThat(Rows.of(own.dataSource(), Tenant.idFor(OwnDataSource.class, "techcorp"))).isZero();
    }
  }
}
