package io.tenantseed.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenantseed.ProtectedEnvironmentException;
import io.tenantseed.graph.SampleTenants;
import io.tenantseed.graph.TenantGraph;
import io.tenantseed.migrate.MigrateReport;
import io.tenantseed.migrate.Migrator;
import io.tenantseed.seed.Registry;
import io.tenantseed.seed.SeedReport;
import io.tenantseed.testing.ScratchDatabase;
import io.tenantseed.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The init-dev-db use case on scratch databases: what it does the first time, the second, and where it refuses. */
class DevDatabaseTest {

  private final List<TenantGraph> graphs = List.of(
      SampleTenants.full(UUID.randomUUID()).fixture("sample-full", "1").build(),
      SampleTenants.small(UUID.randomUUID()).fixture("sample-small", "1").build());

  @Test
  void aFreshDatabaseIsMigratedMarkedAsDevelopmentAndLoadedAndASecondRunChangesNothing() {
    try (ScratchDatabase scratch = TestDatabase.shared().createEmptyDatabase()) {
      List<String> steps = new ArrayList<>();

      DevDatabase.Report report = DevDatabase.at(scratch.url()).listener(recording(steps)).initialise(graphs);

      Migrator migrator = Migrator.forDataSource(scratch.dataSource());
      Registry registry = Registry.forDataSource(scratch.dataSource());
      assertThat(report.createdDatabase()).isFalse();
      assertThat(report.migration().applied()).isEqualTo(migrator.status().applied()).isNotEmpty();
      assertThat(migrator.status().pending()).isEmpty();
      assertThat(report.markedDevelopment()).isTrue();
      assertThat(registry.environment()).contains("development");
      assertThat(report.tenants()).extracting(tenant -> tenant.report().tenantId())
          .containsExactly(graphs.get(0).tenantId(), graphs.get(1).tenantId());
      assertThat(report.tenants()).extracting(tenant -> tenant.report().outcome())
          .containsOnly(SeedReport.Outcome.SEEDED);
      assertThat(report.tenants()).extracting(DevDatabase.Tenant::fixture).containsExactly("sample-full", "sample-small");
      assertThat(report.tenants().get(0).report().totalRows()).isPositive()
          .isEqualTo(registry.tenant(graphs.get(0).tenantId()).orElseThrow().totalRows());
      assertThat(report.changed()).isTrue();
      assertThat(steps).containsExactly("migrated " + report.migration().summary(), "marked",
          "seeded " + graphs.get(0).tenantId(), "seeded " + graphs.get(1).tenantId());

      steps.clear();
      DevDatabase.Report again = DevDatabase.at(scratch.url()).listener(recording(steps)).initialise(graphs);

      assertThat(again.migration().upToDate()).isTrue();
      assertThat(again.markedDevelopment()).isFalse();
      assertThat(again.tenants()).extracting(tenant -> tenant.report().outcome())
          .containsOnly(SeedReport.Outcome.UNCHANGED);
      assertThat(again.changed()).isFalse();
      assertThat(steps).containsExactly("migrated " + again.migration().summary(),
          "seeded " + graphs.get(0).tenantId(), "seeded " + graphs.get(1).tenantId());
    }
  }

  @Test
  void aDatabaseMarkedForTestIsLoadedButKeepsItsMarker() {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      Registry.forDataSource(scratch.dataSource()).setEnvironment("test", false);

      DevDatabase.Report report = DevDatabase.at(scratch.url()).initialise(graphs);

      assertThat(report.markedDevelopment()).isFalse();
      assertThat(report.tenants()).extracting(tenant -> tenant.report().outcome())
          .containsOnly(SeedReport.Outcome.SEEDED);
      assertThat(Registry.forDataSource(scratch.dataSource()).environment()).contains("test");
    }
  }

  @Test
  void stagingAndProductionAreRefusedBeforeAnythingIsLoaded() {
    try (ScratchDatabase scratch = TestDatabase.shared().createDatabase()) {
      Registry registry = Registry.forDataSource(scratch.dataSource());
      for (String environment : List.of("staging", "production")) { // towards production needs no --force
        registry.setEnvironment(environment, false);

        assertThatThrownBy(() -> DevDatabase.at(scratch.url()).initialise(graphs))
            .isInstanceOf(ProtectedEnvironmentException.class)
            .hasMessage("refusing to initialise " + scratch.url() + ": the environment marker says " + environment
                + "; init-dev-db runs on development and test databases only");
        assertThat(registry.tenants()).isEmpty();
        assertThat(registry.environment()).contains(environment);
      }
    }
  }

  private static DevDatabase.Listener recording(List<String> steps) {
    return new DevDatabase.Listener() {
      @Override
      public void createdDatabase(String database) {
        steps.add("created " + database);
      }

      @Override
      public void migrated(MigrateReport migration) {
        steps.add("migrated " + migration.summary());
      }

      @Override
      public void markedDevelopment() {
        steps.add("marked");
      }

      @Override
      public void seeded(DevDatabase.Tenant tenant) {
        steps.add("seeded " + tenant.report().tenantId());
      }
    };
  }
}
