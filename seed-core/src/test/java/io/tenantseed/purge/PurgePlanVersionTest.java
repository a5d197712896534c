package io.tenantseed.purge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.PlatformMigrations;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A purge plan names the schema by its migration version, as seed status does, and keeps the catalog stamp apart. */
class PurgePlanVersionTest {

  private final DataSource dataSource = TestDatabase.shared().dataSource();

  @Test
  void aPlanShowsTheLatestMigrationVersionAsSeedStatusDoesAndTheCatalogStampUnderItsOwnName() throws Exception {
    TenantGraph graph = SampleTenants.small(UUID.randomUUID()).build();
    Seeder.forDataSource(dataSource).seed(graph);

    PurgePlan plan = Purger.forDataSource(dataSource).plan(List.of(graph.tenantId()));

    String latest = PlatformMigrations.latestVersion();
    assertThat(plan.schemaVersion()).isEqualTo(latest)
        .isEqualTo(Migrator.forDataSource(dataSource).status().schemaVersion());
    assertThat(plan.toString()).startsWith("PurgePlan[schema migration at version " + latest + ", 1 tenant ["
        + graph.tenantId() + "], " + plan.totalRows() + " rows: ").contains("engagements 1, client_accounts 1")
        .endsWith("; catalog stamp " + plan.catalogStamp() + "]");
    try (Connection connection = dataSource.getConnection()) {
      assertThat(plan.catalogStamp()).isEqualTo(SchemaCatalog.of(connection, "migration").version)
          .isNotEqualTo(latest);
    }
    Purger.forDataSource(dataSource).execute(plan);
  }

  @Test
  void aSchemaWithoutAFlywayHistoryIsAtVersionNone() throws Exception {
    try (ScratchDatabase scratch = TestDatabase.shared().createEmptyDatabase();
         Connection connection = scratch.dataSource().getConnection()) {
      assertThat(Migrator.recordedVersion(connection, "migration")).isEqualTo("none");
      connection.createStatement().execute("create schema migration");
      assertThat(Migrator.recordedVersion(connection, "migration")).isEqualTo("none");
    }
  }
}
