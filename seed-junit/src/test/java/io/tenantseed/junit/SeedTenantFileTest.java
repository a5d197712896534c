package io.tenantseed.junit;

import static io.tenantseed.schema.migration.Tables.ASSETS;
import static io.tenantseed.schema.migration.Tables.CLIENT_ACCOUNTS;
import static io.tenantseed.schema.migration.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.tenantseed.fixtures.TechCorp;
import io.tenantseed.graph.TenantClone;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code @SeedTenant(file = ...)}: an export seeded as a clone under the class's id, with every option of a fixture. */
class SeedTenantFileTest {

  static final Map<String, Object> SEEN = new ConcurrentHashMap<>();
  static final String FILE = "tenants/bug-1234.json";
  /** The id of server vm-00 in the committed export. */
  static final String VM_00 = "15fe7381-0a52-5c10-b9bf-a798c2a4062d";

  @SeedTenant(file = FILE)
  static class FileTenant {
    @Test
    void seeded(Tenant tenant, DSLContext db) {
      UUID server = tenant.idOf(VM_00);
      SEEN.put("FileTenant", List.of(tenant.id(), tenant.name(), db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())),
          db.select(ASSETS.ASSET_NAME).from(ASSETS).where(ASSETS.ID.eq(server), ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id()))
              .fetchOne(ASSETS.ASSET_NAME),
          tenant.idOf(TenantFilesTest.BUG_1234), tenant.slug(), tenant.exportTenantId(), server,
          db.select(USERS.EMAIL).from(USERS).where(USERS.CLIENT_ACCOUNT_ID.eq(tenant.id())).fetchOne(USERS.EMAIL)));
      SEEN.put("FileTenant unknown", catchThrowable(() -> tenant.idOf(UUID.randomUUID())));
    }
  }

  @Test
  void aFileIsSeededAsACloneUnderTheClassesIdAndItsEntitiesAreFoundByTheirIdsInTheFile() {
    Engine.run(FileTenant.class).testEvents().assertStatistics(s -> s.succeeded(1));

    UUID id = Tenant.idFor(FileTenant.class, "bug-1234");
    assertThat(SEEN.get("FileTenant")).isEqualTo(List.of(id, "bug-1234", 3, "vm-00", id, "bug-1234-" + id,
        Optional.of(TenantFilesTest.BUG_1234), TenantClone.idOf(TenantFilesTest.BUG_1234, id, UUID.fromString(VM_00)),
        "admin+" + id + "@bug1234.test"));
    assertThat((Throwable) SEEN.get("FileTenant unknown")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an id of the rows of file " + FILE);
    assertThat(Rows.of(id)).as("purged after the class").isZero();
  }

  @SeedTenant(file = "src/test/resources/" + FILE, name = "from-path")
  static class FromPath {
    @Test
    void seeded(Tenant tenant, DSLContext db) {
      SEEN.put("FromPath", db.fetchCount(ASSETS, ASSETS.ID.eq(tenant.idOf(VM_00))));
    }
  }

  @Test
  void aFileIsFoundByItsPathWhenNoClassPathResourceHasTheName() {
    Engine.run(FromPath.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("FromPath", 1);
  }

  static final CyclicBarrier BOTH_SEEDED = new CyclicBarrier(2);

  @SeedTenant(file = FILE)
  static class FirstOfTwo {
    @Test
    void seeded(Tenant tenant, DSLContext db) throws Exception {
      seenWhileBothAreSeeded("FirstOfTwo", tenant, db);
    }
  }

  @SeedTenant(file = FILE)
  static class SecondOfTwo {
    @Test
    void seeded(Tenant tenant, DSLContext db) throws Exception {
      seenWhileBothAreSeeded("SecondOfTwo", tenant, db);
    }
  }

  static void seenWhileBothAreSeeded(String key, Tenant tenant, DSLContext db) throws Exception {
    BOTH_SEEDED.await(60, TimeUnit.SECONDS);
    SEEN.put(key, List.of(tenant.id(), db.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(tenant.id())),
        db.fetchCount(ASSETS, ASSETS.ID.eq(tenant.idOf(VM_00)))));
    BOTH_SEEDED.await(60, TimeUnit.SECONDS);
  }

  @Test
  void twoClassesRunningInParallelSeedTheSameFileUnderIdsOfTheirOwn() {
    Engine.runConcurrently(FirstOfTwo.class, SecondOfTwo.class).testEvents().assertStatistics(s -> s.succeeded(2));

    UUID first = Tenant.idFor(FirstOfTwo.class, "bug-1234");
    UUID second = Tenant.idFor(SecondOfTwo.class, "bug-1234");
    assertThat(first).isNotEqualTo(second);
    assertThat(SEEN).containsEntry("FirstOfTwo", List.of(first, 3, 1)).containsEntry("SecondOfTwo", List.of(second, 3, 1));
  }

  @SeedTenant(file = FILE, lifecycle = SeedTenant.Lifecycle.PER_METHOD)
  static class PerMethod {
    @Test
    void first(Tenant tenant, DSLContext db) {
      SEEN.put("PerMethod first", List.of(tenant.id(), db.fetchCount(ASSETS, ASSETS.ID.eq(tenant.idOf(VM_00)))));
    }

    @Test
    void second(Tenant tenant, DSLContext db) {
      SEEN.put("PerMethod second", List.of(tenant.id(), db.fetchCount(ASSETS, ASSETS.ID.eq(tenant.idOf(VM_00)))));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void perMethodEveryTestGetsAFreshCloneOfItsOwn() {
    Engine.run(PerMethod.class).testEvents().assertStatistics(s -> s.succeeded(2));

    List<Object> first = (List<Object>) SEEN.get("PerMethod first");
    List<Object> second = (List<Object>) SEEN.get("PerMethod second");
    assertThat(first.get(0)).isNotEqualTo(second.get(0)).isNotEqualTo(Tenant.idFor(PerMethod.class, "bug-1234"));
    assertThat(List.of(first.get(1), second.get(1))).containsExactly(1, 1);
    assertThat(Rows.of((UUID) first.get(0)) + Rows.of((UUID) second.get(0))).isZero();
  }

  @SeedTenant(file = FILE, rlsRole = "seed_app")
  @SeedTenant(fixture = "techcorp")
  static class ScopedBesideAFixture {
    @Test
    void sees(@TenantName("bug-1234") Tenant file, @TenantName("bug-1234") DSLContext scoped,
        @TenantName("techcorp") Tenant techCorp, @TenantName("techcorp") DSLContext owner) {
      SEEN.put("ScopedBesideAFixture", List.of(scoped.fetchCount(CLIENT_ACCOUNTS), scoped.fetchCount(ASSETS),
          owner.fetchCount(ASSETS, ASSETS.CLIENT_ACCOUNT_ID.eq(techCorp.id())), file.id()));
      SEEN.put("ScopedBesideAFixture idOf", catchThrowable(() -> techCorp.idOf(VM_00)));
    }
  }

  @Test
  void aFileTenantWithAnRlsRoleSeesOnlyItsOwnRowsBesideAFixtureTenant() {
    Engine.run(ScopedBesideAFixture.class).testEvents().assertStatistics(s -> s.succeeded(1));

    assertThat(SEEN).containsEntry("ScopedBesideAFixture", List.of(1, 3, 50,
        Tenant.idFor(ScopedBesideAFixture.class, "bug-1234")));
    assertThat((Throwable) SEEN.get("ScopedBesideAFixture idOf")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tenant 'techcorp' is seeded from fixture techcorp, not from a file");
  }

  @SeedTenant(file = FILE, keepOnFailure = true)
  static class KeptOnFailure {
    @Test
    void fails() {
      fail("on purpose");
    }
  }

  @Test
  void aFileTenantIsKeptWhenATestFailsIfAskedTo() {
    UUID id = Tenant.idFor(KeptOnFailure.class, "bug-1234");
    try {
      Engine.run(KeptOnFailure.class).testEvents().assertStatistics(s -> s.failed(1));

      assertThat(Rows.of(id)).isPositive();
      assertThat(Rows.registered(id)).isTrue();
    } finally {
      Purger.forDataSource(TestDatabase.shared().dataSource()).purge(List.of(id), PurgeOptions.DEFAULT.withIfExists());
    }
  }

  @SeedTenant(fixture = "globalretail")
  @SeedTenant(file = "tenants/bad/not-an-export.json")
  static class NotAnExport {
    @Test void test() {}
  }

  @SeedTenant(fixture = "globalretail")
  @SeedTenant(file = "tenants/bad/other-schema.json")
  static class AColumnTheDatabaseLacks {
    @Test void test() {}
  }

  @SeedTenant(fixture = "globalretail")
  @SeedTenant(file = "tenants/bad/other-table.json")
  static class ATableTheDatabaseLacks {
    @Test void test() {}
  }

  @SeedTenant(fixture = "globalretail")
  @SeedTenant(file = "tenants/bad/truncated.json")
  static class Truncated {
    @Test void test() {}
  }

  @SeedTenant(file = "tenants/missing.json")
  static class Missing {
    @Test void test() {}
  }

  @SeedTenant(fixture = "techcorp", file = FILE)
  static class FixtureAndFile {
    @Test void test() {}
  }

  @SeedTenant(file = FILE, parameters = "assets=3")
  static class FileWithParameters {
    @Test void test() {}
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(NotAnExport.class, "not-an-export", "file tenants/bad/not-an-export.json: not a tenant export"),
        Arguments.of(AColumnTheDatabaseLacks.class, "other-schema", "file tenants/bad/other-schema.json: client_accounts"
            + " row 1 (id b0612340-0000-4000-8000-00000000beef): unknown column 'tagline'"),
        Arguments.of(ATableTheDatabaseLacks.class, "other-table", "file tenants/bad/other-table.json: unknown table 'invoices'"),
        Arguments.of(Truncated.class, "truncated", "file tenants/bad/truncated.json: not a JSON document"),
        Arguments.of(Missing.class, "missing", "file 'tenants/missing.json' is neither a class path resource nor a file"),
        Arguments.of(FixtureAndFile.class, "techcorp", "has both a fixture ('techcorp') and a file ('" + FILE + "')"),
        Arguments.of(FileWithParameters.class, "bug-1234", "parameters apply to fixtures; file " + FILE + " takes none"));
  }

  @ParameterizedTest
  @MethodSource
  void badFiles(Class<?> testClass, String name, String expected) {
    Engine.run(testClass).containerEvents().assertThatEvents().haveExactly(1, event(container(testClass),
        finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
            message(m -> m.startsWith("@SeedTenant on " + testClass.getName() + ": ") && m.contains(expected)
                && m.lines().count() == 1))));

    assertThat(Rows.of(Tenant.idFor(testClass, name))).isZero();
    assertThat(Rows.of(Tenant.idFor(testClass, "globalretail"))).as("nothing is seeded").isZero();
    assertThat(Rows.registered(Tenant.idFor(testClass, "globalretail"))).isFalse();
  }

  @Test
  void aFileGoneBeforeItIsReadIsOneLineNamingItAndTheReasonNotTheExceptionsClass() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("seed-tenant-file-", ".json");
    TenantFile found = TenantFile.find(Missing.class, file.toString());
    java.nio.file.Files.delete(file);

    assertThatThrownBy(() -> found.read(Missing.class, TestDatabase.shared().dataSource(), UUID.randomUUID()))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage("@SeedTenant on " + Missing.class.getName() + ": cannot read file " + file + ": no such file");
  }

  @Test
  void idOfTakesTheTextOfAnIdAndRefusesTextThatIsNone() {
    Tenant fixture = new Tenant("techcorp", TechCorp.FIXTURE.build(), "");

    assertThatThrownBy(() -> fixture.idOf("not-an-id")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'not-an-id' is not a UUID");
    assertThat(fixture.exportTenantId()).isEmpty();
  }
}
