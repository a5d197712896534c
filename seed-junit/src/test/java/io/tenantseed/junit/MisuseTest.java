package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.tenantseed.graph.TenantBuilder;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misuse fails the class (or the test) with an exception naming the class, and for a
 * parameter the parameter, and saying what to do; one row per case.
 */
class MisuseTest {

  @SeedTenant(fixture = "no-such-fixture")
  static class UnknownFixture {
    @Test void test() {}
  }

  @SeedTenant
  static class NeitherFixtureNorBuilder {
    @Test void test() {}
  }

  static class Builder implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return io.tenantseed.graph.Tenants.tenant(tenantId).name("B");
    }
  }

  @SeedTenant(fixture = "techcorp", builder = Builder.class)
  static class FixtureAndBuilder {
    @Test void test() {}
  }

  @SeedTenant(fixture = "techcorp")
  @SeedTenant(fixture = "techcorp")
  static class SameTenantTwice {
    @Test void test() {}
  }

  @SeedTenant(fixture = "techcorp")
  @SeedTenant(fixture = "scale", name = "techcorp")
  static class SameNameTwice {
    @Test void test() {}
  }

  @SeedTenant(fixture = "scale", parameters = "assets=-1")
  static class ParameterOutOfRange {
    @Test void test() {}
  }

  @SeedTenant(fixture = "techcorp", parameters = "assets=10")
  static class ParameterOfAFixtureWithoutParameters {
    @Test void test() {}
  }

  @SeedTenant(fixture = "scale", parameters = "assets")
  static class ParameterWithoutValue {
    @Test void test() {}
  }

  static class NoDefaultConstructor implements TenantDefinition {
    NoDefaultConstructor(String name) {
    }

    @Override
    public TenantBuilder describe(UUID tenantId) {
      return null;
    }
  }

  @SeedTenant(builder = NoDefaultConstructor.class)
  static class BuilderWithoutConstructor {
    @Test void test() {}
  }

  static class DescribesNothing implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return null;
    }
  }

  @SeedTenant(builder = DescribesNothing.class)
  static class BuilderReturnsNull {
    @Test void test() {}
  }

  static class InvalidGraph implements TenantDefinition {
    @Override
    public TenantBuilder describe(UUID tenantId) {
      return io.tenantseed.graph.Tenants.tenant(tenantId).name("Invalid")
          .engagement("e", e -> e.createdBy("nobody"));
    }
  }

  @SeedTenant(builder = InvalidGraph.class)
  static class BuilderDescribesAnInvalidTenant {
    @Test void test() {}
  }

  @SeedTenant(fixture = "techcorp")
  static class TwoExtensions {
    @RegisterExtension
    static SeedExtension first = SeedExtension.forDataSource(io.tenantseed.testing.TestDatabase.shared().dataSource());
    @RegisterExtension
    static SeedExtension second = SeedExtension.forDataSource(io.tenantseed.testing.TestDatabase.shared().dataSource());

    @Test void test() {}
  }

  static Stream<Arguments> classMisuse() {
    return Stream.of(
        Arguments.of(UnknownFixture.class, "no-such-fixture"),
        Arguments.of(NeitherFixtureNorBuilder.class, "needs a fixture (e.g. fixture = \"techcorp\"; known: badflow, globalretail, scale, techcorp), a builder class or a file (an export)"),
        Arguments.of(FixtureAndBuilder.class, "has both a fixture ('techcorp') and a builder"),
        Arguments.of(SameTenantTwice.class, "the same @SeedTenant is declared twice"),
        Arguments.of(SameNameTwice.class, "two tenants are named 'techcorp'"),
        Arguments.of(ParameterOutOfRange.class, "assets must be a whole number from 0 to"),
        Arguments.of(ParameterOfAFixtureWithoutParameters.class, "takes no parameters"),
        Arguments.of(ParameterWithoutValue.class, "parameter 'assets' is not name=value"),
        Arguments.of(BuilderWithoutConstructor.class, "needs a no-argument constructor"),
        Arguments.of(BuilderReturnsNull.class, "described no tenant"),
        Arguments.of(BuilderDescribesAnInvalidTenant.class, "nobody"),
        Arguments.of(TwoExtensions.class, "more than one SeedExtension is registered"));
  }

  @ParameterizedTest
  @MethodSource
  void classMisuse(Class<?> testClass, String expected) {
    Engine.run(testClass).containerEvents().assertThatEvents().haveExactly(1, event(container(testClass),
        finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
            message(m -> m.startsWith("@SeedTenant on " + testClass.getName() + ": ") && m.contains(expected)))));
  }

  @ExtendWith(SeedExtension.class)
  static class TenantWithoutSeedTenant {
    @Test void test(Tenant tenant) {}
  }

  @SeedTenant(fixture = "techcorp")
  @SeedTenant(fixture = "globalretail")
  static class AmbiguousTenant {
    @Test void test(Tenant tenant) {}
  }

  @SeedTenant(fixture = "techcorp")
  static class UnknownTenantName {
    @Test void test(@TenantName("globalretail") Tenant tenant) {}
  }

  @SeedTenant(fixture = "techcorp", lifecycle = SeedTenant.Lifecycle.PER_METHOD)
  static class PerMethodTenantInBeforeAll {
    @BeforeAll
    static void before(Tenant tenant) {}

    @Test void test() {}
  }

  @SeedTenant(fixture = "techcorp")
  @SeedTenant(fixture = "globalretail", rlsRole = "seed_app")
  static class AmbiguousScopedDataSource {
    @Test void test(DataSource dataSource) {}
  }

  @SeedTenant(fixture = "techcorp")
  static class UnsupportedParameter {
    @Test void test(String notOurs) {}
  }

  static Stream<Arguments> parameterMisuse() {
    return Stream.of(
        Arguments.of(TenantWithoutSeedTenant.class, "test", "parameter 0 (Tenant", "no @SeedTenant on the test class"),
        Arguments.of(AmbiguousTenant.class, "test", "parameter 0 (Tenant", "2 tenants are seeded (techcorp, globalretail): pick one with @TenantName"),
        Arguments.of(UnknownTenantName.class, "test", "parameter 0 (Tenant", "no tenant is named 'globalretail' (tenants: techcorp)"),
        Arguments.of(PerMethodTenantInBeforeAll.class, "before", "parameter 0 (Tenant", "seeded per test method"),
        Arguments.of(AmbiguousScopedDataSource.class, "test", "parameter 0 (DataSource", "pick the tenant with @TenantName"),
        Arguments.of(UnsupportedParameter.class, "test", "java.lang.String", "No ParameterResolver registered"));
  }

  @ParameterizedTest
  @MethodSource
  void parameterMisuse(Class<?> testClass, String method, String parameter, String expected) {
    var events = Engine.run(testClass).allEvents().assertThatEvents();
    var failure = finishedWithFailure(instanceOf(ParameterResolutionException.class),
        message(m -> m.contains(testClass.getName().replace('$', '.').substring(testClass.getPackageName().length()))
            || m.contains(testClass.getName())),
        message(m -> m.contains(method) && m.contains(parameter) && m.contains(expected)));
    events.haveAtLeast(1, method.equals("before") ? event(container(testClass), failure) : event(test(), failure));
  }

  @Test
  void aClassMisuseSeedsNothing() {
    Engine.run(SameNameTwice.class);

    assertThat(Rows.of(Tenant.idFor(SameNameTwice.class, "techcorp"))).isZero();
  }
}
