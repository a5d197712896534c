package io.tenantseed.junit;

import static io.tenantseed.graph.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.graph.CanonicalExport;
import io.tenantseed.graph.CanonicalImport;
import io.tenantseed.graph.TenantBuilder;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.purge.PurgeOptions;
import io.tenantseed.purge.Purger;
import io.tenantseed.seed.SeedMode;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The exports committed under {@code src/test/resources/tenants}: {@code bug-1234.json} is the
 * export of {@link #bug1234} (as {@code seed export} writes it), and {@code bad/truncated.json}
 * its first part. {@code make golden} (this test with {@code -Dtenantseed.golden=update})
 * writes them again; otherwise the test fails once the committed export no longer loads
 * against the current migrations, which is when a migration needs that step.
 */
class TenantFilesTest {

  /** The tenant id the committed export holds. */
  static final UUID BUG_1234 = UUID.fromString("b0612340-0000-4000-8000-000000001234");

  /** The id of the export's first server, {@code vm-00}, as the file holds it. */
  static final String FIRST_SERVER = "vm-00";

  static final Path DIRECTORY = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/tenants");

  private static final boolean UPDATE = "update".equals(System.getProperty("tenantseed.golden"));

  /** A small tenant captured for a bug report: a user, an engagement, three servers, an assessment of two of them. */
  static TenantBuilder bug1234() {
    return tenant(BUG_1234).name("Bug 1234 Ltd").slug("bug-1234")
        .user("admin", u -> u.email("admin@bug1234.test"))
        .engagement("e", e -> e.createdBy("admin")
            .masterFlow("assess", m -> m.type("assessment").assessmentFlow(a -> a.group("web", 0, 1)))
            .assets(3, (i, a) -> a.server().name("vm-%02d".formatted(i))));
  }

  @Test
  void theCommittedExportIsTheBuildersAndLoadsAgainstTheCurrentMigrations() throws IOException {
    if (UPDATE) {
      write();
    }
    Path file = DIRECTORY.resolve("bug-1234.json");
    DataSource dataSource = TestDatabase.shared().dataSource();
    UUID clone = UUID.fromString("b0612340-0000-4000-8000-00000000c10e");

    TenantGraph graph = CanonicalImport.read(file, dataSource, clone);
    Seeder.forDataSource(dataSource).seed(graph, SeedMode.REPLACE);
    try {
      assertThat(graph.rowCounts()).containsEntry("assets", 3L).containsEntry("assessment_flows", 1L)
          .containsEntry("users", 1L);
      assertThat(Rows.of(clone)).isEqualTo(graph.rowCounts().values().stream().mapToLong(Long::longValue).sum());
      assertThat(Files.readString(file)).contains("\"asset_name\" : \"" + FIRST_SERVER + "\"");
    } finally {
      Purger.forDataSource(dataSource).purge(List.of(clone), PurgeOptions.DEFAULT.withIfExists());
    }
  }

  /** The exports, from a database of their own (make golden). */
  private static void write() throws IOException {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      Seeder.forDataSource(scratch.dataSource()).seed(bug1234().build());
      String export = CanonicalExport.toJson(DSL.using(scratch.dataSource(), SQLDialect.POSTGRES), BUG_1234);
      Files.createDirectories(DIRECTORY.resolve("bad"));
      Files.writeString(DIRECTORY.resolve("bug-1234.json"), export, StandardCharsets.UTF_8);
      Files.writeString(DIRECTORY.resolve("bad/truncated.json"), export.substring(0, export.indexOf("\"assets\"")),
          StandardCharsets.UTF_8);
    }
  }
}
