package io.tenantseed.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.graph.CanonicalExport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * TenantAssertions in tests run through the Jupiter engine: each case captures its tenant's
 * export into a file, lets "the code under test" change the database, and asserts.
 * Isolated: the update mode is a system property.
 */
@Isolated
class TenantAssertionsTest {

  /** Per case: what the code under test does, and the assertion. */
  record Case(BiConsumer<DSLContext, Tenant> change, Function<TenantAssertions, TenantAssertions> configure,
      boolean byPath) {}

  static final Map<Class<?>, Case> CASES = new ConcurrentHashMap<>();
  static final Map<Class<?>, Path> FILES = new ConcurrentHashMap<>();
  static Path directory;

  @TempDir
  Path temp;

  @SeedTenant(fixture = "techcorp")
  static class Compared {
    @Test
    void matchesItsExport(Tenant tenant, DSLContext db) throws Exception {
      Case test = CASES.get(getClass());
      Path file = FILES.computeIfAbsent(getClass(), type -> directory.resolve(type.getSimpleName() + ".json"));
      if (!Files.exists(file)) {
        Files.writeString(file, CanonicalExport.toJson(db, tenant.id()));
      }
      test.change().accept(db, tenant);
      TenantAssertions assertions = test.configure().apply(TenantAssertions.assertThat(tenant));
      if (test.byPath()) {
        assertions.matchesExport(file);
      } else {
        assertions.matchesExport(file.toString());
      }
    }
  }

  static class Unchanged extends Compared {}

  static class Renamed extends Compared {}

  static class Deleted extends Compared {}

  static class Added extends Compared {}

  static class AddedContaining extends Compared {}

  static class IgnoredChange extends Compared {}

  static class Updated extends Compared {}

  @SeedTenant(fixture = "techcorp")
  static class FromResource {
    @Test
    void matchesAResourceOfAFewRows(Tenant tenant, DataSource dataSource) {
      TenantAssertions.assertThat(dataSource, tenant.id()).containing()
          .matchesExport("expected/techcorp-engagement.json");
    }
  }

  @SeedTenant(fixture = "techcorp")
  static class FromResourceChanged {
    @Test
    void matchesAResourceOfAFewRows(Tenant tenant, DSLContext db) {
      db.execute("update migration.engagements set name = 'Renamed' where client_account_id = ?", tenant.id());
      TenantAssertions.assertThat(tenant).containing().matchesExport("expected/techcorp-engagement.json");
    }
  }

  static class IgnoredOtherChange extends Compared {}

  private static final BiConsumer<DSLContext, Tenant> RENAME = (db, tenant) -> db.execute(
      "update migration.assets set asset_name = 'renamed' where id = ?", tenant.asset(0));

  @Test
  void aTenantAsItWasSeededMatchesItsExportByResourceOrPath() {
    run(Unchanged.class, new Case((db, tenant) -> { }, a -> a, false)).testEvents()
        .assertStatistics(s -> s.succeeded(1));
    run(Unchanged.class, new Case((db, tenant) -> { }, a -> a, true)).testEvents()
        .assertStatistics(s -> s.succeeded(1));
    Engine.run(FromResource.class).testEvents().assertStatistics(s -> s.succeeded(1));
  }

  @Test
  void aChangedValueFailsWithTheDiffAndTheActualExportWritten() throws Exception {
    String message = failure(run(Renamed.class, new Case(RENAME, a -> a, true)));
    Path file = FILES.get(Renamed.class);

    List<String> lines = message.lines().toList();
    assertThat(lines.get(0)).startsWith("tenant techcorp (").endsWith(" does not match " + file + " (1 difference):");
    assertThat(lines.get(1)).matches("assets \\(id [0-9a-f-]{36}\\): asset_name: expected \"[^\"]+\", actual \"renamed\"");
    assertThat(lines.get(2)).startsWith("actual export: ");
    Path actual = Path.of(lines.get(2).substring("actual export: ".length()));
    assertThat(actual).endsWith(Path.of("target", "tenant-seed", Compared.class.getName(), "Renamed.actual.json"));
    assertThat(Files.readString(actual)).startsWith("{\n  \"format\" : \"tenant-seed/1\",")
        .contains("\"asset_name\" : \"renamed\"");
    assertThat(lines.get(3)).contains("-Dtenantseed.expected=update");
  }

  @Test
  void aMissingRowAndAnExtraRowFailUnlessContainingAllowsTheExtra() {
    assertThat(failure(run(Deleted.class, new Case((db, tenant) -> db.execute(
        "delete from migration.import_field_mappings where client_account_id = ? and source_field = 'VM Name'",
        tenant.id()), a -> a, true)))).contains("import_field_mappings (id ").contains("): missing row {");

    BiConsumer<DSLContext, Tenant> addUser = (db, tenant) -> db.execute("insert into migration.users"
        + " (id, client_account_id, auth0_user_id, email, full_name) values (gen_random_uuid(), ?, 'auth0|new',"
        + " 'new@techcorp.test', 'New User')", tenant.id());
    assertThat(failure(run(Added.class, new Case(addUser, a -> a, true))))
        .contains("users (id ").contains("): extra row {").contains("new@techcorp.test");
    run(AddedContaining.class, new Case(addUser, TenantAssertions::containing, true)).testEvents()
        .assertStatistics(s -> s.succeeded(1));
  }

  @Test
  void anIgnoredColumnMayChangeAndAnotherMayNot() {
    run(IgnoredChange.class, new Case(RENAME, a -> a.ignoringColumns("assets.asset_name"), true)).testEvents()
        .assertStatistics(s -> s.succeeded(1));
    String message = failure(run(IgnoredOtherChange.class,
        new Case(RENAME, a -> a.ignoringColumns("*.updated_at", "assets.created_at"), true)));
    assertThat(message.lines().toList().get(1)).contains("): asset_name: expected ");
  }

  @Test
  void aContainingFileOfAnotherTenantFailsWithTheRowItDoesNotFind() {
    String message = failure(Engine.run(FromResourceChanged.class));

    assertThat(message).contains(" does not match expected/techcorp-engagement.json (1 difference):\n"
        + "engagements: missing row {\"description\":\"Migrate legacy applications to AWS\","
        + "\"name\":\"Cloud Migration 2025\"}\n");
    assertThat(message).contains(Path.of("tenant-seed", FromResourceChanged.class.getName(), "expected",
        "techcorp-engagement.actual.json").toString());
  }

  @Test
  void actualExportsOfFilesOfOneNameInTwoDirectoriesAreKeptApart() {
    assertThat(ActualExports.actualName("a/state.json")).isEqualTo(Path.of("a", "state.actual.json").toString());
    assertThat(ActualExports.actualName("b/state.json")).isEqualTo(Path.of("b", "state.actual.json").toString());
    assertThat(ActualExports.actualName("/expected/state.json")).isEqualTo("state.actual.json");
    assertThat(ActualExports.actualName("../elsewhere/state.json")).isEqualTo("state.actual.json");
    assertThat(ActualExports.actualName(Path.of("state.json").toAbsolutePath().toString())).isEqualTo("state.actual.json");
  }

  @Test
  void updateModeRewritesTheExpectedFileAndPasses() throws Exception {
    Path file = temp.resolve("Updated.json");
    FILES.put(Updated.class, file);
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    EngineExecutionResults results;
    System.setProperty(TenantAssertions.EXPECTED_PROPERTY, "update");
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      // the first run writes the export before the change: the update rewrites it
      results = run(Updated.class, new Case(RENAME, a -> a, true));
    } finally {
      System.setErr(err);
      System.clearProperty(TenantAssertions.EXPECTED_PROPERTY);
    }

    results.testEvents().assertStatistics(s -> s.succeeded(1));
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("tenant-seed: updated " + file.toAbsolutePath());
    assertThat(Files.readString(file)).contains("\"asset_name\" : \"renamed\"");
    // the rewritten file passes a normal run of the same test
    run(Updated.class, new Case(RENAME, a -> a, true)).testEvents().assertStatistics(s -> s.succeeded(1));
  }

  @Test
  void aResourceIsUpdatedInItsSourceFile() throws Exception {
    Path maven = temp.resolve("module/target/test-classes/expected/x.json");
    Path gradle = temp.resolve("project/build/resources/test/expected/x.json");
    Path elsewhere = temp.resolve("lib/expected/x.json");

    assertThat(ExpectedFile.ofResource("expected/x.json", "expected/x.json", maven).source())
        .isEqualTo(temp.resolve("module/src/test/resources/expected/x.json"));
    assertThat(ExpectedFile.ofResource("expected/x.json", "expected/x.json", gradle).source())
        .isEqualTo(temp.resolve("project/src/test/resources/expected/x.json"));
    ExpectedFile unknown = ExpectedFile.ofResource("expected/x.json", "expected/x.json", elsewhere);
    assertThat(unknown.source()).isNull();
    assertThat(unknown.why()).contains("is not under target/test-classes (Maven) or build/resources/test (Gradle)");
  }

  private EngineExecutionResults run(Class<?> testClass, Case test) {
    directory = temp;
    CASES.put(testClass, test);
    return Engine.run(testClass);
  }

  private static String failure(EngineExecutionResults results) {
    results.testEvents().assertStatistics(s -> s.failed(1));
    Event failed = results.testEvents().failed().list().get(0);
    Throwable thrown = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
        .getThrowable().orElseThrow();
    assertThat(thrown).isInstanceOf(org.opentest4j.AssertionFailedError.class);
    return thrown.getMessage();
  }
}
