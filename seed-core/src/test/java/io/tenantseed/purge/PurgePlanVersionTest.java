package io.tenantseed.purge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.internal.RecordedVersion;
import io.tenantseed.internal.SchemaCatalog;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.seed.Seeder;
import io.tenantseed.testing.PlatformMigrations;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A purge plan names the schema by its migration version, by the same rule as seed status, and
 * keeps the catalog stamp apart.
 */
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
  void aMigrationRecordedAsFailedDoesNotCountInThePlanNorInSeedStatus() throws Exception {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      String latest = PlatformMigrations.latestVersion();
      execute(scratch, "update migration.flyway_schema_history set success = false where version = '" + latest + "'");

      assertThat(planVersion(scratch)).isEqualTo(statusVersion(scratch)).isEqualTo(previous(scratch, latest));
    }
  }

  @Test
  void aMigrationMarkedDeletedByFlywayRepairDoesNotCountInThePlanNorInSeedStatus() throws Exception {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      String latest = PlatformMigrations.latestVersion();
      // What flyway repair writes for an applied migration whose file is gone: a DELETE row after it.
      execute(scratch, """
          insert into migration.flyway_schema_history
              (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
          select max(installed_rank) + 1, '%s', 'deleted', 'DELETE', 'deleted', null, current_user, 0, true
            from migration.flyway_schema_history""".formatted(latest));

      assertThat(planVersion(scratch)).isEqualTo(statusVersion(scratch)).isEqualTo(previous(scratch, latest));
    }
  }

  @Test
  void aPlanOfASchemaMigratedWithoutFlywayIsAtVersionNoneAsSeedStatusSays() throws Exception {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      // The same tables, as if the migrations had been applied with psql: no history.
      execute(scratch, "drop table migration.flyway_schema_history");

      assertThat(planVersion(scratch)).isEqualTo(statusVersion(scratch)).isEqualTo("none");
    }
  }

  @Test
  void aRoleThatMayNotReadTheHistorySeesVersionUnknownAndItsTransactionGoesOn() throws Exception {
    assertUnknownToARole(true);
  }

  @Test
  void aRoleWithoutUsageOfTheSchemaSeesVersionUnknownToo() throws Exception {
    assertUnknownToARole(false);
  }

  private static void assertUnknownToARole(boolean usage) throws Exception {
    String role = "no_history_" + Long.toHexString(System.nanoTime());
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase();
         Connection connection = scratch.dataSource().getConnection()) {
      connection.createStatement().execute("create role " + role + " nologin");
      try {
        if (usage) {
          connection.createStatement().execute("grant usage on schema migration to " + role);
        }
        connection.setAutoCommit(false);
        connection.createStatement().execute("set local role " + role);

        assertThat(RecordedVersion.of(connection, "migration")).isEqualTo("unknown");
        try (ResultSet after = connection.createStatement().executeQuery("select 1")) {
          assertThat(after.next()).isTrue();
        }
        connection.rollback();
      } finally {
        connection.setAutoCommit(true);
        connection.createStatement().execute("drop owned by " + role + "; drop role " + role);
      }
    }
  }

  private static String planVersion(ScratchDatabase scratch) {
    return Purger.forDataSource(scratch.dataSource())
        .plan(List.of(UUID.randomUUID()), PurgeOptions.DEFAULT.withIfExists()).schemaVersion();
  }

  private static String statusVersion(ScratchDatabase scratch) {
    return Migrator.forDataSource(scratch.dataSource()).status().schemaVersion();
  }

  /** The highest version below {@code version} among the applied platform migrations. */
  private static String previous(ScratchDatabase scratch, String version) throws Exception {
    try (Connection connection = scratch.dataSource().getConnection();
         ResultSet result = connection.createStatement().executeQuery("""
             select version from migration.flyway_schema_history where version is not null and version <> '%s'
              order by installed_rank desc limit 1""".formatted(version))) {
      assertThat(result.next()).isTrue();
      return result.getString(1);
    }
  }

  private static void execute(ScratchDatabase scratch, String sql) throws Exception {
    try (Connection connection = scratch.dataSource().getConnection()) {
      connection.createStatement().execute(sql);
    }
  }
}
